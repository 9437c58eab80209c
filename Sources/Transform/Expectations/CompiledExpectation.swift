import Foundation
import Parquet

/// An expectation bound to its column's position and type, ready to judge batches.
struct CompiledExpectation {
    let expectation: Expectation
    let column: Int
    private let test: Test

    private enum Test {
        case notNull
        case unique
        /// ICU's answer, or SimpleRegex's (the same, faster) when the pattern is in its subset.
        case matches(NSRegularExpression, SimpleRegex?)
        case oneOf(TypedSet)
        case between(min: TypedScalar?, max: TypedScalar?)
        case length(min: Int?, max: Int?)
        case castable(ColumnCaster)
    }

    init(_ expectation: Expectation, plan: SilverPlan) throws {
        self.expectation = expectation
        column = try plan.columnIndex(expectation.column)
        let type = plan.columns[column].type
        func invalid(_ message: String) -> TransformError {
            .invalidExpectation(name: expectation.name, message: message)
        }
        if plan.columns[column].isList && expectation.check != .notNull && expectation.check != .unique {
            throw invalid("\(expectation.check.name) does not apply to list column '\(expectation.column)' (not_null and unique do)")
        }
        switch expectation.check {
        case .notNull: test = .notNull
        case .unique: test = .unique
        case .matches(let pattern):
            do {
                test = .matches(try NSRegularExpression(pattern: pattern), SimpleRegex.compile(pattern))
            } catch {
                throw invalid("'\(pattern)' is not a valid regular expression")
            }
        case .oneOf(let values):
            test = .oneOf(TypedSet(try values.map { text in
                guard let value = TypedScalar(text, type: type) else { throw invalid("'\(text)' is not a \(type.configName) value") }
                return value
            }))
        case .between(let min, let max):
            func bound(_ text: String?) throws -> TypedScalar? {
                guard let text else { return nil }
                guard let value = TypedScalar(text, type: type) else { throw invalid("bound '\(text)' is not a \(type.configName) value") }
                return value
            }
            test = .between(min: try bound(min), max: try bound(max))
        case .length(let min, let max): test = .length(min: min, max: max)
        case .castable(let target): test = .castable(ColumnCaster(type: target))
        }
    }

    var usesDuplicates: Bool {
        if case .unique = test { return true }
        return false
    }

    /// Which rows of `batch` break the expectation; `duplicated` marks rows (by input
    /// position; `positions[row]` is the row's) whose value another row shares.
    func failures(in batch: CleanBatch, positions: [Int], duplicated: RowBitset?) -> [Bool] {
        let cleaned = batch.columns[column]
        let n = batch.rowCount
        var failed = [Bool](repeating: false, count: n)
        let isNull = Self.nulls(cleaned.values)
        switch test {
        case .notNull:
            return isNull
        case .unique:
            guard let duplicated else { return failed }
            for row in 0..<n where !isNull[row] && duplicated[positions[row]] { failed[row] = true }
        case .matches(let regex, let simple):
            var row = 0
            cleaned.text.forEachValue { bytes in
                defer { row += 1 }
                guard let bytes, !isNull[row] else { return }
                // SimpleRegex leaves values with non-ASCII bytes to ICU.
                if let matched = simple?.matches(bytes) {
                    failed[row] = !matched
                    return
                }
                let text = String(decoding: bytes, as: UTF8.self)
                let range = NSRange(text.startIndex..<text.endIndex, in: text)
                failed[row] = regex.firstMatch(in: text, options: [], range: range) == nil
            }
        case .oneOf(let set):
            for row in 0..<n where !isNull[row] {
                if let value = TypedScalar.at(row, of: cleaned.values) { failed[row] = !set.contains(value) }
            }
        case .between(let min, let max):
            for row in 0..<n where !isNull[row] {
                guard let value = TypedScalar.at(row, of: cleaned.values) else { continue }
                if let min, value < min { failed[row] = true }
                if let max, max < value { failed[row] = true }
            }
        case .length(let min, let max):
            var row = 0
            cleaned.text.forEachValue { bytes in
                defer { row += 1 }
                guard let bytes, !isNull[row] else { return }
                var scalars = 0
                for byte in bytes where byte & 0xC0 != 0x80 { scalars += 1 }
                if let min, scalars < min { failed[row] = true }
                if let max, scalars > max { failed[row] = true }
            }
        case .castable(let caster):
            // Judged on the text, whatever the column's own type.
            return caster.cast(cleaned.text).failed
        }
        return failed
    }

    static func nulls(_ values: ColumnValues) -> [Bool] {
        switch values {
        case .booleans(let v): return v.map { $0 == nil }
        case .int32s(let v), .dates(let v): return v.map { $0 == nil }
        case .int64s(let v), .timestampsMicros(let v): return v.map { $0 == nil }
        case .doubles(let v): return v.map { $0 == nil }
        case .byteArrays(let v): return (0..<v.count).map { v.isNull(at: $0) }
        case .lists(let v): return (0..<v.count).map { v.isNull(at: $0) }
        }
    }
}

extension Expectation {
    /// Checks that the parameters fit a column of `columnType` (an `in` value or a `between`
    /// bound that is not a value of that type), as a config validator would before any run.
    public func validate(columnType: SilverType) throws {
        let plan = SilverPlan(columns: [SilverPlan.Column(source: column, name: column, type: columnType)], lineage: [])
        _ = try CompiledExpectation(self, plan: plan)
    }
}
