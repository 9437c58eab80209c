import Manifest

/// What `medallion run --json` prints per dataset (DESIGN.md, CLI contract).
public struct RunSummary: Sendable, Codable, Equatable {
    public struct Rows: Sendable, Codable, Equatable {
        public var source: Int64?
        public var bronze: Int64?
        public var silver: Int64?
        public var quarantined: Int64?
        /// Rows per Gold table.
        public var gold: [String: Int64] = [:]

        // Every key is always present (null when a layer did not run), as the contract lists them.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(source, forKey: .source)
            try c.encode(bronze, forKey: .bronze)
            try c.encode(silver, forKey: .silver)
            try c.encode(quarantined, forKey: .quarantined)
            try c.encode(gold, forKey: .gold)
        }
    }

    public struct Outputs: Sendable, Codable, Equatable {
        public var bronze: String?
        public var silver: String?
        public var gold: [String: String]

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(bronze, forKey: .bronze)
            try c.encode(silver, forKey: .silver)
            try c.encode(gold, forKey: .gold)
        }
    }

    public var dataset: String
    public var runId: String?
    /// `succeeded`, `skipped` or `failed` (a finished run).
    public var status: RunStatus
    public var sourceSHA256: String?
    public var forced: Bool
    public var rows: Rows
    public var outputs: Outputs
    public var durationSeconds: Double
    public var error: String?
    /// Layers this run took over unchanged from an earlier run ("raw", "bronze", "silver",
    /// "gold.<table>") → the run that built them.
    public var reused: [String: String] = [:]

    public var failed: Bool { status == .failed }

    enum CodingKeys: String, CodingKey {
        case dataset
        case runId = "run_id"
        case status
        case sourceSHA256 = "source_sha256"
        case forced, rows, outputs
        case durationSeconds = "duration_s"
        case error, reused
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(runId, forKey: .runId)
        try c.encode(status, forKey: .status)
        try c.encode(sourceSHA256, forKey: .sourceSHA256)
        try c.encode(forced, forKey: .forced)
        try c.encode(rows, forKey: .rows)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(error, forKey: .error)
        try c.encode(reused, forKey: .reused)
    }

    static func failure(dataset: String, forced: Bool, runId: String?, error: String, duration: Double) -> RunSummary {
        RunSummary(dataset: dataset, runId: runId, status: .failed, sourceSHA256: nil, forced: forced,
                   rows: Rows(), outputs: Outputs(bronze: nil, silver: nil, gold: [:]), durationSeconds: duration, error: error)
    }
}
