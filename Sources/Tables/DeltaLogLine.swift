/// One line of a commit file: exactly one action. Actions medallion does not use (`txn`, `cdc`,
/// `domainMetadata`, …) decode to a line with every field nil and are ignored.
public struct DeltaLogLine: Codable, Sendable, Equatable {
    public var protocolAction: DeltaProtocolAction?
    public var metaData: DeltaMetadata?
    public var add: DeltaAddFile?
    public var remove: DeltaRemoveFile?
    public var commitInfo: DeltaCommitInfo?

    enum CodingKeys: String, CodingKey {
        case protocolAction = "protocol"
        case metaData, add, remove, commitInfo
    }

    public init(protocolAction: DeltaProtocolAction? = nil, metaData: DeltaMetadata? = nil, add: DeltaAddFile? = nil,
                remove: DeltaRemoveFile? = nil, commitInfo: DeltaCommitInfo? = nil) {
        self.protocolAction = protocolAction
        self.metaData = metaData
        self.add = add
        self.remove = remove
        self.commitInfo = commitInfo
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        protocolAction = try container.decodeIfPresent(DeltaProtocolAction.self, forKey: .protocolAction)
        metaData = try container.decodeIfPresent(DeltaMetadata.self, forKey: .metaData)
        add = try container.decodeIfPresent(DeltaAddFile.self, forKey: .add)
        remove = try container.decodeIfPresent(DeltaRemoveFile.self, forKey: .remove)
        // Provenance is free-form: other writers put numbers and objects where we put strings,
        // and a commit must not become unreadable for that.
        commitInfo = try? container.decodeIfPresent(DeltaCommitInfo.self, forKey: .commitInfo)
    }
}
