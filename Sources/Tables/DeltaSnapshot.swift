import Foundation

/// A table as of one version: the result of replaying its log up to that version
/// (PROTOCOL.md, "Action Reconciliation").
public struct DeltaSnapshot: Sendable, Equatable {
    public var version: Int64
    public var protocolAction: DeltaProtocolAction
    public var metadata: DeltaMetadata
    /// The data files of this version, sorted by path.
    public var files: [DeltaAddFile]
    /// The provenance of the commit that made this version (nil when its writer wrote none).
    public var commitInfo: DeltaCommitInfo?

    public init(version: Int64, protocolAction: DeltaProtocolAction, metadata: DeltaMetadata, files: [DeltaAddFile],
                commitInfo: DeltaCommitInfo?) {
        self.version = version
        self.protocolAction = protocolAction
        self.metadata = metadata
        self.files = files
        self.commitInfo = commitInfo
    }

    /// Rows of this version, from the files' statistics (nil when a file has none).
    public var rows: Int64? {
        var total: Int64 = 0
        for file in files {
            guard let stats = file.stats, let parsed = try? DeltaLogCoding.decoder.decode(RecordCount.self, from: Data(stats.utf8)) else {
                return nil
            }
            total += parsed.numRecords
        }
        return total
    }

    private struct RecordCount: Decodable { var numRecords: Int64 }
}
