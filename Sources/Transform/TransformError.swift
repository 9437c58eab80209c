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

    public var description: String {
        switch self {
        case .spill(let message): return "de-duplication scratch space: \(message)"
        case .unknownColumn(let name): return "column '\(name)' is not in the input"
        case .input(let message): return message
        case .invalidExpectation(let name, let message): return "expectation '\(name)': \(message)"
        case .invalidOrder(let message): return message
        case .invalidCondition(let message): return message
        }
    }
}
