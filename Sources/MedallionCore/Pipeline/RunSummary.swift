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
    public var run_id: String?
    /// "succeeded", "skipped" or "failed".
    public var status: String
    public var source_sha256: String?
    public var forced: Bool
    public var rows: Rows
    public var outputs: Outputs
    public var duration_s: Double
    public var error: String?
    /// Layers this run took over unchanged from an earlier run ("raw", "bronze", "silver",
    /// "gold.<table>") → the run that built them.
    public var reused: [String: String] = [:]

    public var failed: Bool { status == "failed" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(run_id, forKey: .run_id)
        try c.encode(status, forKey: .status)
        try c.encode(source_sha256, forKey: .source_sha256)
        try c.encode(forced, forKey: .forced)
        try c.encode(rows, forKey: .rows)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(duration_s, forKey: .duration_s)
        try c.encode(error, forKey: .error)
        try c.encode(reused, forKey: .reused)
    }

    static func failure(dataset: String, forced: Bool, runId: String?, error: String, duration: Double) -> RunSummary {
        RunSummary(dataset: dataset, run_id: runId, status: "failed", source_sha256: nil, forced: forced,
                   rows: Rows(), outputs: Outputs(bronze: nil, silver: nil, gold: [:]), duration_s: duration, error: error)
    }
}
