import Foundation
import Parquet

/// A `where` condition judged a column at a time on raw values: `RowCondition.apply` builds a
/// `TypedScalar` per row (an array per string), which dominated filtered Gold queries. Same
/// results as `RowCondition`, which stays the reference (its parsing and checks make the
/// targets) and judges the combinations not specialised here.
struct ColumnPredicate: Sendable {
    let condition: RowCondition
    private let targets: [TypedScalar]

    /// `condition` with its values read as `type`, exactly as `RowCondition` read them.
    init(_ condition: RowCondition, type: SilverType, values: [String]) {
        self.condition = condition
        targets = values.compactMap { TypedScalar($0, type: type) }
    }

    /// Narrows `keep` to the rows of `batch` for which the condition holds.
    func apply(to batch: ColumnBatch, keep: inout [Bool]) {
        apply(to: batch.columns[condition.column], keep: &keep)
    }

    /// Narrows `keep` to the rows of `columns` (read columns) for which the condition holds.
    /// A dictionary-coded column is judged once per dictionary entry, then row by row by its
    /// code: NULL passes `is null` only, as every other condition is not true of NULL.
    func apply(to columns: [DecodedColumn], keep: inout [Bool]) {
        switch columns[condition.column] {
        case .values(let values):
            apply(to: values, keep: &keep)
        case .dictionaryCoded(let coded):
            var entryPasses = [Bool](repeating: true, count: coded.dictionary.count)
            apply(to: coded.dictionary, keep: &entryPasses)
            let nullPasses = condition.op == .isNull
            coded.codes.withUnsafeBufferPointer { codes in
                entryPasses.withUnsafeBufferPointer { entryPasses in
                    keep.withUnsafeMutableBufferPointer { keep in
                        for row in 0..<codes.count where keep[row] {
                            let code = Int(codes[row])
                            keep[row] = code < 0 ? nullPasses : entryPasses[code]
                        }
                    }
                }
            }
        }
    }

    /// Narrows `keep` to the positions of `column` whose value passes.
    private func apply(to column: ColumnValues, keep: inout [Bool]) {
        let integers = targets.compactMap { if case .int(let x) = $0 { x } else { nil } }
        let doubles = targets.compactMap { if case .double(let x) = $0 { x } else { nil } }
        let strings = targets.compactMap { if case .bytes(let x) = $0 { x } else { nil } }
        switch column {
        case .int64s(let values) where integers.count == targets.count,
             .timestampsMicros(let values) where integers.count == targets.count:
            judge(values, &keep) { x, t in x < integers[t] ? -1 : (x > integers[t] ? 1 : 0) }
        case .int32s(let values) where integers.count == targets.count,
             .dates(let values) where integers.count == targets.count:
            judge(values, &keep) { x, t in Int64(x) < integers[t] ? -1 : (Int64(x) > integers[t] ? 1 : 0) }
        case .doubles(let values) where doubles.count == targets.count:
            judge(values, &keep) { x, t in Self.order(x, doubles[t]) }
        case .byteArrays(let values) where strings.count == targets.count:
            judge(values, strings, &keep)
        default:
            // RowCondition reads its column by position: a batch holding this column at every
            // position up to it serves (copies of one array, nothing copied).
            condition.apply(to: ColumnBatch(Array(repeating: column, count: condition.column + 1)), keep: &keep)
        }
    }

    /// Doubles in SQL order: NaN equal to NaN and above everything else.
    @inline(__always)
    static func order(_ x: Double, _ y: Double) -> Int {
        if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    /// Whether a value ordered `order` against the (first) target passes.
    @inline(__always)
    private func passes(_ order: Int) -> Bool {
        switch condition.op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        case .oneOf, .isNull, .isNotNull: return false
        }
    }

    /// `compare(value, t)` orders a value against target t.
    @inline(__always)
    private func judge<T>(_ values: [T?], _ keep: inout [Bool], _ compare: (T, Int) -> Int) {
        let op = condition.op
        let count = targets.count
        values.withUnsafeBufferPointer { values in
            keep.withUnsafeMutableBufferPointer { keep in
                for row in 0..<values.count where keep[row] {
                    guard let x = values[row] else {
                        keep[row] = op == .isNull
                        continue
                    }
                    switch op {
                    case .isNull: keep[row] = false
                    case .isNotNull: break
                    case .oneOf:
                        var found = false
                        for t in 0..<count where compare(x, t) == 0 {
                            found = true
                            break
                        }
                        keep[row] = found
                    default: keep[row] = passes(compare(x, 0))
                    }
                }
            }
        }
    }

    /// Strings, compared byte by byte as unsigned bytes (a prefix first).
    private func judge(_ values: ByteArrayColumn, _ strings: [[UInt8]], _ keep: inout [Bool]) {
        let op = condition.op
        values.withRawParts { raw, offsets, isNull in
            keep.withUnsafeMutableBufferPointer { keep in
                for row in 0..<isNull.count where keep[row] {
                    if isNull[row] {
                        keep[row] = op == .isNull
                        continue
                    }
                    let value = UnsafeRawBufferPointer(rebasing: raw[offsets[row]..<offsets[row + 1]])
                    switch op {
                    case .isNull: keep[row] = false
                    case .isNotNull: break
                    case .oneOf: keep[row] = strings.contains { Self.order(value, $0) == 0 }
                    default: keep[row] = passes(Self.order(value, strings[0]))
                    }
                }
            }
        }
    }

    @inline(__always)
    static func order(_ value: UnsafeRawBufferPointer, _ target: [UInt8]) -> Int {
        target.withUnsafeBytes { target in
            let shared = min(value.count, target.count)
            if shared > 0, let a = value.baseAddress, let b = target.baseAddress {
                let result = memcmp(a, b, shared)
                if result != 0 { return result < 0 ? -1 : 1 }
            }
            return value.count == target.count ? 0 : (value.count < target.count ? -1 : 1)
        }
    }
}
