import Crypto
import Lake

/// Names of a dataset's scratch directories, so a killed run's leftovers can be told apart from
/// other datasets' and other lakes' (which may be in use). `.` cannot occur in a dataset name,
/// so `<dataset>.` never prefixes another dataset's names.
enum ScratchNames {
    /// Staging directories at the root of a local lake (same filesystem as the partitions).
    static func staging(_ dataset: String) -> String { ".medallion-tmp-\(dataset)." }

    /// Scratch directories under the system's temporary directory, which lakes share: the
    /// lake's identity is part of the name.
    static func temporary(_ dataset: String, lake: any ObjectStore) -> String {
        "medallion-\(dataset).\(SHA256.hash(data: Array(lake.rootURI.utf8)).hexString.prefix(8))."
    }
}
