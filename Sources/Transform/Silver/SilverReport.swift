/// What a Silver transform did: the figures of the quality report (DESIGN.md,
/// `manifest --quality --json`) plus what the caller needs to decide the run's fate.
public struct SilverReport: Sendable, Equatable, Codable {
    public struct ExpectationResult: Sendable, Equatable, Codable {
        public var name: String
        public var column: String
        public var check: String
        public var action: String
        public var passed: Int64
        public var failed: Int64
        /// `_source_row` of the first row that broke it.
        public var firstFailedSourceRow: Int64?

        enum CodingKeys: String, CodingKey {
            case name, column, check, action, passed, failed
            case firstFailedSourceRow = "first_failed_source_row"
        }
    }

    public var rowsIn: Int64 = 0
    public var rowsOut: Int64 = 0
    public var duplicatesRemoved: Int64 = 0
    public var dropped: Int64 = 0
    public var quarantined: Int64 = 0
    public var expectations: [ExpectationResult] = []
    /// Share of nulls per Silver column over the rows written.
    public var nullShare: [String: Double] = [:]
    /// Non-empty values per column that did not cast to its type (they became null), over
    /// every input row; not counted when a `fail` expectation stopped the transform.
    public var castFailures: [String: Int64] = [:]
    /// Partitions de-duplication spilled to (1: all in memory).
    public var dedupPartitions: Int = 1
    /// With `silver.mode: "merge"`: how the run's rows changed the current Silver.
    public var merge: SilverMerge.Counts?

    public init() {}

    /// `fail` expectations that some row broke; when any, nothing was written to Silver.
    public var failedExpectations: [ExpectationResult] {
        expectations.filter { $0.action == ExpectationAction.fail.rawValue && $0.failed > 0 }
    }

    enum CodingKeys: String, CodingKey {
        case rowsIn = "rows_in", rowsOut = "rows_out", duplicatesRemoved = "duplicates_removed", dropped, quarantined
        case expectations, nullShare = "null_share", castFailures = "cast_failures", dedupPartitions = "dedup_partitions", merge
    }
}
