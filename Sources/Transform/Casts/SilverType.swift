/// The type of a Silver column (DESIGN.md, dataset config `silver.columns.<name>.type`).
public enum SilverType: Sendable, Equatable {
    /// The trimmed text (empty text is null). The default.
    case string
    /// Optional sign and ASCII digits, within Int64.
    case int64
    /// Decimal or exponent notation, finite.
    case double
    /// true/false, 1/0, yes/no, y/n in any case.
    case boolean
    /// A calendar date read with the pattern (`TemporalPattern.isoDate` when the config has no format).
    case date(TemporalPattern)
    /// A timestamp: RFC 3339 with a zone when the pattern is nil, else read with the pattern.
    case timestamp(TemporalPattern?)
}
