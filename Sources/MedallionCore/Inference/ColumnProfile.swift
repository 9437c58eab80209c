/// What one pass over a column found: the narrowest type every value fits, nulls, and an
/// estimate of distinct values. Recorded in the manifest for Silver and for users.
public struct ColumnProfile: Codable, Sendable, Equatable {
    public enum InferredType: String, Codable, Sendable {
        case int64, double, boolean, date, timestamp, string
    }

    public var name: String
    public var type: InferredType
    public var nulls: Int64
    public var values: Int64
    public var distinctEstimate: Int64
    public var maxLength: Int

    enum CodingKeys: String, CodingKey {
        case name, type, nulls, values
        case distinctEstimate = "distinct_estimate"
        case maxLength = "max_length"
    }
}
