import Manifest

/// How FetchAndHash reads a source: hash it where it lies and copy it only if the hash says
/// the run needs a new raw copy, or copy it into staging while hashing, in one pass.
///
/// Hashing first makes the common case, an unchanged local file, cost one read and no writes
/// (no raw copy, no staging, no free space the size of the source); copying while hashing reads
/// the source once when a copy is needed anyway. The choice is made from what is known before
/// any byte is read, so a changed source is read twice only when nothing short of its hash
/// could tell it had changed (same size as the current version's source).
enum SourceReadOrder: Equatable {
    /// Hash the local file in place; copy it afterwards only when its hash calls for a raw copy.
    case hashFirst
    /// Copy into staging while hashing: the source is remote (hashing means downloading), or
    /// the run needs a new raw copy whatever the hash turns out to be.
    case copyWhileHashing

    /// - Parameters:
    ///   - localSize: the source's size when it is a local file; nil for a remote source.
    ///   - ifUnchanged: what the run would rebuild were the source the current version's bytes.
    ///   - rawCopyOfUnchangedExists: the raw copy this run would file the current version's
    ///     bytes under is already in the lake (a same-day rerun: forced, or after a setting changed).
    static func choose(localSize: Int64?, force: Bool, previous: ManifestVersion?, ifUnchanged: Recompute,
                       rawCopyOfUnchangedExists: Bool) -> SourceReadOrder {
        guard let localSize, let previous else { return .copyWhileHashing }
        // Another size is another hash: the source changed and needs its raw copy.
        guard localSize == previous.sourceBytes else { return .copyWhileHashing }
        // The same bytes would need no copy at all: their raw copy is already there.
        if rawCopyOfUnchangedExists { return .hashFirst }
        // Forced, or a Bronze or Silver setting changed: even the same bytes get a new raw copy.
        return force || ifUnchanged == .all ? .copyWhileHashing : .hashFirst
    }
}
