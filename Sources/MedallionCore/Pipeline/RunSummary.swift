/// What `medallion run --json` prints per dataset (DESIGN.md, CLI contract).
public struct RunSummary: Sendable, Codable, Equatable {
    public struct Rows: Sendable, Codable, Equatable {
        public var source: Int64?
        public var bronze: Int64?
        public var silver: Int64?
        public var quarantined: Int64?
    }

    public struct Outputs: Sendable, Codable, Equatable {
        public var bronze: String?
        public var silver: String?
        public var gold: [String: String]
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

    public var failed: Bool { status == "failed" }

    static func failure(dataset: String, forced: Bool, runId: String?, error: String, duration: Double) -> RunSummary {
        RunSummary(dataset: dataset, run_id: runId, status: "failed", source_sha256: nil, forced: forced,
                   rows: Rows(), outputs: Outputs(bronze: nil, silver: nil, gold: [:]), duration_s: duration, error: error)
    }
}
