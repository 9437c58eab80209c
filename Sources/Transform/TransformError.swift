/// Why a transform could not run. Data problems (a `fail` expectation, a gate) are not errors
/// here: they are outcomes the caller reports.
public enum TransformError: Error, Equatable, CustomStringConvertible {
    /// Scratch files for de-duplication could not be written or read.
    case spill(String)
    /// A column the plan names is not in the input.
    case unknownColumn(String)
    /// The input file could not be read.
    case input(String)
    /// An expectation's parameters do not fit its column.
    case invalidExpectation(name: String, message: String)
    /// The order column cannot order rows.
    case invalidOrder(String)
    /// A `where` condition does not fit its column.
    case invalidCondition(String)
    /// An aggregate's spec does not fit the input (a function undefined for its column's
    /// type, a column index out of range, duplicate output names). `metric` is the output
    /// column's name, or `group_by`.
    case invalidAggregate(metric: String, message: String)
    /// `sum` of an integer column left int64 (DuckDB would widen to HUGEINT).
    case aggregateOverflow(metric: String, column: String)
    /// An operator's in-memory state outgrew its budget (nothing spills).
    case memoryBudgetExceeded(operator: String, budgetBytes: Int)
    /// A Gold query does not fit its input schemas. `field` names the part of the query at
    /// fault as the config spells it (`join.on.<left>`, `where[<i>]`, `group_by[<i>]`,
    /// `metrics.<name>`, `order_by[<i>]`).
    case invalidQuery(field: String, message: String)

    public var description: String {
        switch self {
        case .spill(let message): return "de-duplication scratch space: \(message)"
        case .unknownColumn(let name): return "column '\(name)' is not in the input"
        case .input(let message): return message
        case .invalidExpectation(let name, let message): return "expectation '\(name)': \(message)"
        case .invalidOrder(let message): return message
        case .invalidCondition(let message): return message
        case .invalidAggregate(let metric, let message): return "metric '\(metric)': \(message)"
        case .aggregateOverflow(let metric, let column):
            return "metric '\(metric)': sum of column '\(column)' overflows int64 (over 9223372036854775807 in magnitude)"
        case .memoryBudgetExceeded(let name, let budget):
            return "\(name): state exceeds the memory budget of \(budget) bytes (\(budget >> 20) MB); raise gold.memory_mb"
        case .invalidQuery(let field, let message): return "\(field): \(message)"
        }
    }
}
