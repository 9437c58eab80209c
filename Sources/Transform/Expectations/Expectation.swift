/// What a Silver table promises about its rows, checked on every incoming row after the
/// casts (DESIGN.md, "Silver and Gold semantics"). Nulls pass every check but `notNull`.
public struct Expectation: Sendable, Equatable {
    /// Unique within a table; named in `_rejected_by`, reports and errors.
    public var name: String
    /// The Silver (snake_case) column checked.
    public var column: String
    public var check: ExpectationCheck
    public var action: ExpectationAction

    public init(name: String, column: String, check: ExpectationCheck, action: ExpectationAction) {
        self.name = name
        self.column = column
        self.check = check
        self.action = action
    }
}

/// What happens to a row that breaks an expectation. Stronger actions win: a row breaking a
/// `drop` and a `quarantine` expectation is quarantined; any `fail` aborts the run.
public enum ExpectationAction: String, Sendable, Equatable, CaseIterable, Comparable {
    /// Count it; keep the row.
    case warn
    /// Remove the row from Silver.
    case drop
    /// Remove the row from Silver and keep it, with `_rejected_by`, in the quarantine.
    case quarantine
    /// Abort the run; nothing is published.
    case fail

    var strength: Int {
        switch self {
        case .warn: return 0
        case .drop: return 1
        case .quarantine: return 2
        case .fail: return 3
        }
    }

    public static func < (lhs: ExpectationAction, rhs: ExpectationAction) -> Bool { lhs.strength < rhs.strength }
}

/// The checks, with their parameters as the config gives them. Bounds and `in` values are
/// typed against the column when a plan is compiled.
public enum ExpectationCheck: Sendable, Equatable {
    case notNull
    /// No other row has the same (non-null) value.
    case unique
    /// The regular expression matches somewhere in the text (anchor with `^…$`).
    case matches(pattern: String)
    /// The value equals one of these (case-sensitive), compared in the column's type.
    case oneOf([String])
    /// `min <= value <= max` in the column's type; either bound may be absent.
    case between(min: String?, max: String?)
    /// The text's length in characters (Unicode scalars) lies within the bounds.
    case length(min: Int?, max: Int?)
    /// The text casts to this type.
    case castable(SilverType)

    /// The name the config uses.
    public var name: String {
        switch self {
        case .notNull: return "not_null"
        case .unique: return "unique"
        case .matches: return "matches"
        case .oneOf: return "in"
        case .between: return "between"
        case .length: return "length"
        case .castable: return "castable"
        }
    }

    /// Every check name, for config validation messages.
    public static let names = ["not_null", "unique", "matches", "in", "between", "length", "castable"]
}
