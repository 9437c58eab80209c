/// The actions of a Delta Lake commit (PROTOCOL.md, "Actions") that medallion writes and reads.
/// Each commit file holds one JSON object per line, each with exactly one of these keys.

/// `protocol`: the reader and writer versions a client needs. Medallion writes 1 / 2: no
/// column mapping, deletion vectors or table features.
public struct DeltaProtocolAction: Codable, Sendable, Equatable {
    public var minReaderVersion: Int
    public var minWriterVersion: Int

    public init(minReaderVersion: Int = 1, minWriterVersion: Int = 2) {
        self.minReaderVersion = minReaderVersion
        self.minWriterVersion = minWriterVersion
    }
}

/// `metaData.format`.
public struct DeltaFormat: Codable, Sendable, Equatable {
    public var provider: String
    public var options: [String: String]

    public init(provider: String = "parquet", options: [String: String] = [:]) {
        self.provider = provider
        self.options = options
    }
}

/// `metaData`: the table's identity and schema. Written in version 0 and whenever the schema
/// changes; the id stays the table's for its life.
public struct DeltaMetadata: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var description: String?
    public var format: DeltaFormat
    /// The schema as Delta's struct-type JSON, serialised into a string (see `DeltaSchema`).
    public var schemaString: String
    public var partitionColumns: [String]
    public var configuration: [String: String]
    public var createdTime: Int64?

    public init(id: String, name: String?, description: String? = nil, format: DeltaFormat = DeltaFormat(), schemaString: String,
                partitionColumns: [String] = [], configuration: [String: String] = [:], createdTime: Int64?) {
        self.id = id
        self.name = name
        self.description = description
        self.format = format
        self.schemaString = schemaString
        self.partitionColumns = partitionColumns
        self.configuration = configuration
        self.createdTime = createdTime
    }
}

/// `add`: a data file that belongs to the table from this version on.
public struct DeltaAddFile: Codable, Sendable, Equatable {
    /// Relative to the table root (URI-encoded when it holds reserved characters; ours never do).
    public var path: String
    public var partitionValues: [String: String]
    public var size: Int64
    /// Milliseconds since the epoch.
    public var modificationTime: Int64
    public var dataChange: Bool
    /// `DeltaFileStatistics` as JSON text.
    public var stats: String?

    public init(path: String, partitionValues: [String: String] = [:], size: Int64, modificationTime: Int64,
                dataChange: Bool = true, stats: String?) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.modificationTime = modificationTime
        self.dataChange = dataChange
        self.stats = stats
    }
}

/// `remove`: a data file that no longer belongs to the table from this version on (it stays on
/// storage for time travel until vacuumed).
public struct DeltaRemoveFile: Codable, Sendable, Equatable {
    public var path: String
    /// Milliseconds since the epoch.
    public var deletionTimestamp: Int64?
    public var dataChange: Bool
    public var extendedFileMetadata: Bool?
    public var partitionValues: [String: String]?
    public var size: Int64?

    public init(removing add: DeltaAddFile, at timestamp: Int64) {
        path = add.path
        deletionTimestamp = timestamp
        dataChange = true
        extendedFileMetadata = true
        partitionValues = add.partitionValues
        size = add.size
    }
}

/// `commitInfo`: provenance, free-form in the protocol. Medallion names its run (`runId`) and,
/// for a restore, the version restored.
public struct DeltaCommitInfo: Codable, Sendable, Equatable {
    /// Milliseconds since the epoch.
    public var timestamp: Int64?
    /// `WRITE` for a run's output, `RESTORE` for a rollback.
    public var operation: String?
    public var operationParameters: [String: String]?
    public var readVersion: Int64?
    public var isBlindAppend: Bool?
    public var engineInfo: String?
    /// The medallion run whose partition this version adds (a rollback: the rollback's own run).
    public var runId: String?

    public init(timestamp: Int64, operation: String, operationParameters: [String: String], readVersion: Int64?,
                engineInfo: String, runId: String) {
        self.timestamp = timestamp
        self.operation = operation
        self.operationParameters = operationParameters
        self.readVersion = readVersion
        self.isBlindAppend = false
        self.engineInfo = engineInfo
        self.runId = runId
    }
}
