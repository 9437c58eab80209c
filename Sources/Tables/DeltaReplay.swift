/// The state of a table while its log is replayed, commit by commit: the newest protocol and
/// metadata, and the files added and not removed since.
struct DeltaReplay {
    let table: String
    var protocolAction: DeltaProtocolAction?
    var metadata: DeltaMetadata?
    var files: [String: DeltaAddFile] = [:]
    var commitInfo: DeltaCommitInfo?

    init(table: String) {
        self.table = table
    }

    /// The state a snapshot describes, to apply the commits after it.
    init(table: String, snapshot: DeltaSnapshot) {
        self.table = table
        protocolAction = snapshot.protocolAction
        metadata = snapshot.metadata
        files = Dictionary(snapshot.files.map { ($0.path, $0) }, uniquingKeysWith: { $1 })
    }

    /// Applies the actions of commit `version`, in order.
    mutating func apply(_ lines: [DeltaLogLine], version: Int64) throws {
        commitInfo = nil
        for line in lines {
            if let action = line.protocolAction {
                guard action.minReaderVersion <= 1 else {
                    throw DeltaError.unsupportedProtocol(table: table, minReaderVersion: action.minReaderVersion,
                                                         minWriterVersion: action.minWriterVersion)
                }
                protocolAction = action
            }
            if let metaData = line.metaData { metadata = metaData }
            if let remove = line.remove { files[remove.path] = nil }
            if let add = line.add { files[add.path] = add }
            if let info = line.commitInfo { commitInfo = info }
        }
        if version == 0, protocolAction == nil || metadata == nil {
            throw DeltaError.corruptLog(table: table, version: 0, reason: "version 0 must hold protocol and metaData actions")
        }
    }

    func snapshot(version: Int64) throws -> DeltaSnapshot {
        guard let protocolAction, let metadata else {
            throw DeltaError.corruptLog(table: table, version: version, reason: "no protocol or metaData action up to this version")
        }
        return DeltaSnapshot(version: version, protocolAction: protocolAction, metadata: metadata,
                             files: files.values.sorted { $0.path < $1.path }, commitInfo: commitInfo)
    }
}
