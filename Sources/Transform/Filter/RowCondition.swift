import Parquet

/// One `where` condition of a Gold table, typed against its column: SQL semantics as DuckDB
/// applies them — a comparison with NULL is not true (the row is left out), `in` compares in
/// the column's type, strings compare byte by byte, NaN equals NaN and sorts above every
/// other double.
public struct RowCondition: Sendable {
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case oneOf = "in", isNull = "is null", isNotNull = "is not null"
    }

    public let column: Int
    public let op: Operator
    private let values: [TypedScalar]

    /// `values` are the condition's parameters as text (one, or a list for `in`, none for the
    /// null tests), read as values of `type` (dates as `YYYY-MM-DD`, timestamps as RFC 3339);
    /// throws naming the value that is not one.
    public init(column: Int, name: String, type: SilverType, op: Operator, values: [String]) throws {
        self.column = column
        self.op = op
        self.values = try values.map { text in
            guard let value = TypedScalar(text, type: type) else {
                throw TransformError.invalidCondition("'\(text)' is not a \(type.configName) value for column '\(name)'")
            }
            return value
        }
        switch op {
        case .isNull, .isNotNull:
            guard values.isEmpty else { throw TransformError.invalidCondition("'\(op.rawValue)' takes no value (column '\(name)')") }
        case .oneOf:
            break
        default:
            guard values.count == 1 else { throw TransformError.invalidCondition("'\(op.rawValue)' takes one value (column '\(name)')") }
        }
    }

    /// Narrows `keep` to the rows of `batch` for which the condition holds.
    public func apply(to batch: ColumnBatch, keep: inout [Bool]) {
        let column = batch.columns[self.column]
        for row in 0..<batch.rowCount where keep[row] {
            let value = TypedScalar.at(row, of: column)
            switch op {
            case .isNull: keep[row] = value == nil
            case .isNotNull: keep[row] = value != nil
            case .oneOf:
                guard let value else { keep[row] = false; continue }
                keep[row] = values.contains { Self.compare(value, $0) == 0 }
            default:
                guard let value, let target = values.first else { keep[row] = false; continue }
                let order = Self.compare(value, target)
                switch op {
                case .equal: keep[row] = order == 0
                case .notEqual: keep[row] = order != 0
                case .less: keep[row] = order < 0
                case .lessOrEqual: keep[row] = order <= 0
                case .greater: keep[row] = order > 0
                case .greaterOrEqual: keep[row] = order >= 0
                case .oneOf, .isNull, .isNotNull: break
                }
            }
        }
    }

    /// -1, 0 or 1; numbers across int and double by value, NaN above everything.
    static func compare(_ a: TypedScalar, _ b: TypedScalar) -> Int {
        func doubles(_ x: Double, _ y: Double) -> Int {
            if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
            return x < y ? -1 : (x > y ? 1 : 0)
        }
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.double(let x), .double(let y)): return doubles(x, y)
        case (.int(let x), .double(let y)): return doubles(Double(x), y)
        case (.double(let x), .int(let y)): return doubles(x, Double(y))
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.bytes(let x), .bytes(let y)): return x == y ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
        default: return -1
        }
    }
}
