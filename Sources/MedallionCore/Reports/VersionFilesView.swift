import Manifest

/// `manifest <dataset> --files`: the files of a many-file source's current version.
public struct VersionFilesView: Sendable, Codable, Equatable {
    public var dataset: String
    public var version: Int
    public var runId: String
    /// In run order; empty for a one-file source.
    public var files: [SourceFileRecord]

    enum CodingKeys: String, CodingKey {
        case dataset, version, files
        case runId = "run_id"
    }

    /// The table `manifest --files` prints: one line per file.
    public var tableRows: [[String]] {
        files.map { file in
            ["\(file.position + 1)", file.url, file.sha256.map { String($0.prefix(16)) } ?? "-",
             file.bytes.map { Figures.bytes($0) } ?? "-", file.rows.map { "\($0)" } ?? "-", file.error ?? ""]
        }
    }

    /// Column names of `tableRows`.
    public static let tableHeader = ["#", "URL", "SHA256", "BYTES", "ROWS", "ERROR"]
}
