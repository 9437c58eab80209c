import Parquet

/// The running state of one metric for every group, struct-of-arrays: one flat array per
/// field, indexed by group. `add` folds one batch column at a time given each row's group.
protocol Accumulator: AnyObject {
    /// Makes room for groups `0..<groups` (new groups start empty).
    func grow(to groups: Int)
    /// Folds `column` (nil for `count(*)`) into the groups `groups[row]` of its rows.
    func add(_ column: ColumnValues?, groups: UnsafeBufferPointer<Int32>) throws
    /// Bytes held beyond the fixed per-group arrays (sets, string values).
    var variableBytes: Int { get }
    /// Bytes per group of the fixed arrays.
    var bytesPerGroup: Int { get }
    /// One value per group.
    func finish() -> ColumnValues
    /// `add` of a dictionary-coded column; by default its values, materialised.
    func addCoded(_ column: DictionaryCodedColumn, groups: UnsafeBufferPointer<Int32>) throws
}

extension Accumulator {
    func addCoded(_ column: DictionaryCodedColumn, groups: UnsafeBufferPointer<Int32>) throws {
        try add(column.materialized, groups: groups)
    }
}

/// The dictionary of an integer-like column widened to Int64, as `forEachInteger` widens
/// values (entries are never null).
func integerEntries(_ dictionary: ColumnValues) -> [Int64] {
    var entries = [Int64](repeating: 0, count: dictionary.count)
    forEachInteger(dictionary) { index, value in entries[index] = value }
    return entries
}

/// Calls `body(row, value)` for every non-null value of an integer-like column (int32, int64,
/// date, timestamp, boolean as 0/1), widened to Int64.
@inline(__always)
func forEachInteger(_ column: ColumnValues, _ body: (Int, Int64) throws -> Void) rethrows {
    switch column {
    case .int64s(let v), .timestampsMicros(let v):
        for row in v.indices { if let x = v[row] { try body(row, x) } }
    case .int32s(let v), .dates(let v):
        for row in v.indices { if let x = v[row] { try body(row, Int64(x)) } }
    case .booleans(let v):
        for row in v.indices { if let x = v[row] { try body(row, x ? 1 : 0) } }
    case .doubles, .byteArrays, .lists:
        preconditionFailure("forEachInteger: not an integer column (checked by HashAggregate.init)")
    }
}

/// Whether value `row` of `column` is null.
@inline(__always)
func isNullValue(_ column: ColumnValues, _ row: Int) -> Bool {
    switch column {
    case .booleans(let v): return v[row] == nil
    case .int32s(let v), .dates(let v): return v[row] == nil
    case .int64s(let v), .timestampsMicros(let v): return v[row] == nil
    case .doubles(let v): return v[row] == nil
    case .byteArrays(let v): return v.isNull(at: row)
    case .lists(let v): return v.isNull(at: row)
    }
}

/// `count(*)` and `count(col)`.
final class CountAccumulator: Accumulator {
    private let countsNulls: Bool
    private var counts: [Int64] = []

    init(countsNulls: Bool) { self.countsNulls = countsNulls }

    func grow(to groups: Int) { counts.append(contentsOf: repeatElement(0, count: groups - counts.count)) }
    var variableBytes: Int { 0 }
    var bytesPerGroup: Int { 8 }

    func add(_ column: ColumnValues?, groups: UnsafeBufferPointer<Int32>) throws {
        counts.withUnsafeMutableBufferPointer { counts in
            guard !countsNulls, let column else {
                for row in groups.indices { counts[Int(groups[row])] &+= 1 }
                return
            }
            switch column {
            case .doubles(let v):
                for row in v.indices where v[row] != nil { counts[Int(groups[row])] &+= 1 }
            case .int64s(let v), .timestampsMicros(let v):
                for row in v.indices where v[row] != nil { counts[Int(groups[row])] &+= 1 }
            default:
                for row in groups.indices where !isNullValue(column, row) { counts[Int(groups[row])] &+= 1 }
            }
        }
    }

    func addCoded(_ column: DictionaryCodedColumn, groups: UnsafeBufferPointer<Int32>) throws {
        counts.withUnsafeMutableBufferPointer { counts in
            column.codes.withUnsafeBufferPointer { codes in
                for row in groups.indices where countsNulls || codes[row] >= 0 { counts[Int(groups[row])] &+= 1 }
            }
        }
    }

    func finish() -> ColumnValues { .int64s(counts) }
}

/// `count(DISTINCT col)`: every distinct value of the column (over all groups) gets a
/// number by its digest, and one set holds the (group, number) pairs seen, so a group costs a
/// counter plus about 16 bytes per distinct value, and each value 20 bytes once, whatever its
/// width. Equal values always share a digest; -0.0 and 0.0 are one value, as in DuckDB. A
/// dictionary-coded column is digested once per dictionary entry, not per row.
final class CountDistinctAccumulator: Accumulator {
    private let digester: RowDigester
    private var counts: [Int64] = []
    private var values = GroupKeyTable()
    private var pairs = GroupValuePairSet()

    init(seed: DigestSeed) { digester = RowDigester(seed: seed) }

    func grow(to groups: Int) { counts.append(contentsOf: repeatElement(0, count: groups - counts.count)) }
    var variableBytes: Int { values.bytes + pairs.bytes }
    var bytesPerGroup: Int { 8 }

    func add(_ column: ColumnValues?, groups: UnsafeBufferPointer<Int32>) throws {
        guard let column else { return }
        let digests = digester.digests(of: [column], rowCount: groups.count)
        count(groups) { values, row in
            isNullValue(column, row) ? nil : Int32(truncatingIfNeeded: values.group(of: digests[row]).group)
        }
    }

    func addCoded(_ column: DictionaryCodedColumn, groups: UnsafeBufferPointer<Int32>) throws {
        let digests = digester.digests(of: [column.dictionary], rowCount: column.dictionary.count)
        var numberOfEntry = [Int32](repeating: -1, count: digests.count)
        column.codes.withUnsafeBufferPointer { codes in
            count(groups) { values, row in
                let code = Int(codes[row])
                guard code >= 0 else { return nil }
                if numberOfEntry[code] < 0 { numberOfEntry[code] = Int32(truncatingIfNeeded: values.group(of: digests[code]).group) }
                return numberOfEntry[code]
            }
        }
    }

    /// Counts each row's (group, value number) pair once; `number` gives a row's value number
    /// (nil for null), numbering new values in the table it is handed.
    private func count(_ groups: UnsafeBufferPointer<Int32>, _ number: (inout GroupKeyTable, Int) -> Int32?) {
        // Tables moved out of the object for the loop, as HashAggregate does.
        var values = GroupKeyTable()
        var pairs = GroupValuePairSet()
        swap(&values, &self.values)
        swap(&pairs, &self.pairs)
        defer {
            swap(&values, &self.values)
            swap(&pairs, &self.pairs)
        }
        counts.withUnsafeMutableBufferPointer { counts in
            for row in groups.indices {
                guard let value = number(&values, row) else { continue }
                let group = groups[row]
                if pairs.insert(group: group, value: value) { counts[Int(group)] &+= 1 }
            }
        }
    }

    func finish() -> ColumnValues { .int64s(counts) }
}

/// `sum` of an integer column, in Int64: DuckDB widens to HUGEINT, Medallion throws
/// `TransformError.aggregateOverflow` instead of wrapping.
final class IntegerSumAccumulator: Accumulator {
    private let metric: String
    private let columnName: String
    private var sums: [Int64] = []
    private var seen: [Bool] = []

    init(metric: String, columnName: String) {
        self.metric = metric
        self.columnName = columnName
    }

    func grow(to groups: Int) {
        sums.append(contentsOf: repeatElement(0, count: groups - sums.count))
        seen.append(contentsOf: repeatElement(false, count: groups - seen.count))
    }
    var variableBytes: Int { 0 }
    var bytesPerGroup: Int { 9 }

    func add(_ column: ColumnValues?, groups: UnsafeBufferPointer<Int32>) throws {
        guard let column else { return }
        let metric = metric, columnName = columnName
        try sums.withUnsafeMutableBufferPointer { sums in
            try seen.withUnsafeMutableBufferPointer { seen in
                try forEachInteger(column) { row, x in
                    let group = Int(groups[row])
                    let (sum, overflow) = sums[group].addingReportingOverflow(x)
                    if overflow { throw TransformError.aggregateOverflow(metric: metric, column: columnName) }
                    sums[group] = sum
                    seen[group] = true
                }
            }
        }
    }

    func finish() -> ColumnValues { .int64s(sums.indices.map { seen[$0] ? sums[$0] : nil }) }
}

/// `sum` of a double column: plain addition in input order, as DuckDB's `sum(DOUBLE)` (not
/// Kahan; DuckDB's parallel order can differ, so results agree to rounding, not bit for bit).
final class DoubleSumAccumulator: Accumulator {
    private let average: Bool
    private var sums: [Double] = []
    private var counts: [Int64] = []

    /// `average`: finish with sum/count (`avg`) rather than the sum.
    init(average: Bool) { self.average = average }

    func grow(to groups: Int) {
        sums.append(contentsOf: repeatElement(0, count: groups - sums.count))
        counts.append(contentsOf: repeatElement(0, count: groups - counts.count))
    }
    var variableBytes: Int { 0 }
    var bytesPerGroup: Int { 16 }

    func add(_ column: ColumnValues?, groups: UnsafeBufferPointer<Int32>) throws {
        guard case .doubles(let v)? = column else { return }
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                for row in v.indices {
                    guard let x = v[row] else { continue }
                    let group = Int(groups[row])
                    sums[group] += x
                    counts[group] &+= 1
                }
            }
        }
    }

    func finish() -> ColumnValues {
        .doubles(sums.indices.map { group in
            guard counts[group] > 0 else { return nil }
            return average ? sums[group] / Double(counts[group]) : sums[group]
        })
    }
}

/// `avg` of an integer column: the exact sum in 128 bits (a signed high word and an unsigned
/// low word, as DuckDB's HUGEINT), divided by the count once at the end.
final class IntegerAverageAccumulator: Accumulator {
    private var low: [UInt64] = []
    private var high: [Int64] = []
    private var counts: [Int64] = []

    func grow(to groups: Int) {
        low.append(contentsOf: repeatElement(0, count: groups - low.count))
        high.append(contentsOf: repeatElement(0, count: groups - high.count))
        counts.append(contentsOf: repeatElement(0, count: groups - counts.count))
    }
    var variableBytes: Int { 0 }
    var bytesPerGroup: Int { 24 }

    func add(_ column: ColumnValues?, groups: UnsafeBufferPointer<Int32>) throws {
        guard let column else { return }
        low.withUnsafeMutableBufferPointer { low in
            high.withUnsafeMutableBufferPointer { high in
                counts.withUnsafeMutableBufferPointer { counts in
                    forEachInteger(column) { row, x in
                        let group = Int(groups[row])
                        let (sum, carry) = low[group].addingReportingOverflow(UInt64(bitPattern: x))
                        low[group] = sum
                        // Sign-extend x into the high word, plus the carry out of the low word.
                        high[group] = high[group] &+ (x < 0 ? -1 : 0) &+ (carry ? 1 : 0)
                        counts[group] &+= 1
                    }
                }
            }
        }
    }

    /// The 128-bit value high·2⁶⁴ + low as a Double. Negative values convert through their
    /// magnitude: high = -1 with low near 2⁶⁴ would otherwise round low and cancel.
    static func double(high: Int64, low: UInt64) -> Double {
        let negative = high < 0
        var magnitudeHigh = UInt64(bitPattern: high)
        var magnitudeLow = low
        if negative {
            // Two's complement negation of the 128-bit value.
            magnitudeLow = ~low &+ 1
            magnitudeHigh = ~magnitudeHigh &+ (magnitudeLow == 0 ? 1 : 0)
        }
        let magnitude = Double(magnitudeHigh) * 18_446_744_073_709_551_616.0 + Double(magnitudeLow)
        return negative ? -magnitude : magnitude
    }

    func finish() -> ColumnValues {
        .doubles(counts.indices.map { group in
            guard counts[group] > 0 else { return nil }
            return Self.double(high: high[group], low: low[group]) / Double(counts[group])
        })
    }
}

/// `min`/`max` of an integer-like column (int32, int64, date, timestamp, boolean).
final class IntegerExtremeAccumulator: Accumulator {
    private let isMin: Bool
    private let type: ParquetType
    private var values: [Int64] = []
    private var seen: [Bool] = []

    init(isMin: Bool, type: ParquetType) {
        self.isMin = isMin
        self.type = type
    }

    func grow(to groups: Int) {
        values.append(contentsOf: repeatElement(0, count: groups - values.count))
        seen.append(contentsOf: repeatElement(false, count: groups - seen.count))
    }
    var variableBytes: Int { 0 }
    var bytesPerGroup: Int { 9 }

    func add(_ column: ColumnValues?, groups: UnsafeBufferPointer<Int32>) throws {
        guard let column else { return }
        let isMin = isMin
        values.withUnsafeMutableBufferPointer { values in
            seen.withUnsafeMutableBufferPointer { seen in
                forEachInteger(column) { row, x in
                    let group = Int(groups[row])
                    if !seen[group] || (isMin ? x < values[group] : x > values[group]) {
                        values[group] = x
                        seen[group] = true
                    }
                }
            }
        }
    }

    func addCoded(_ column: DictionaryCodedColumn, groups: UnsafeBufferPointer<Int32>) throws {
        let entries = integerEntries(column.dictionary)
        let isMin = isMin
        values.withUnsafeMutableBufferPointer { values in
            seen.withUnsafeMutableBufferPointer { seen in
                entries.withUnsafeBufferPointer { entries in
                    column.codes.withUnsafeBufferPointer { codes in
                        for row in groups.indices {
                            let code = Int(codes[row])
                            guard code >= 0 else { continue }
                            let x = entries[code]
                            let group = Int(groups[row])
                            if !seen[group] || (isMin ? x < values[group] : x > values[group]) {
                                values[group] = x
                                seen[group] = true
                            }
                        }
                    }
                }
            }
        }
    }

    func finish() -> ColumnValues {
        let result = values.indices.map { seen[$0] ? values[$0] : nil }
        switch type {
        case .boolean: return .booleans(result.map { $0.map { $0 != 0 } })
        case .int32: return .int32s(result.map { $0.map { Int32(truncatingIfNeeded: $0) } })
        case .date: return .dates(result.map { $0.map { Int32(truncatingIfNeeded: $0) } })
        case .timestampMicros: return .timestampsMicros(result)
        default: return .int64s(result)
        }
    }
}

/// `min`/`max` of a double column. NaN is greater than every number, as in DuckDB.
final class DoubleExtremeAccumulator: Accumulator {
    private let isMin: Bool
    private var values: [Double] = []
    private var seen: [Bool] = []

    init(isMin: Bool) { self.isMin = isMin }

    func grow(to groups: Int) {
        values.append(contentsOf: repeatElement(0, count: groups - values.count))
        seen.append(contentsOf: repeatElement(false, count: groups - seen.count))
    }
    var variableBytes: Int { 0 }
    var bytesPerGroup: Int { 9 }

    @inline(__always)
    static func less(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN { return false }
        if b.isNaN { return true }
        return a < b
    }

    func add(_ column: ColumnValues?, groups: UnsafeBufferPointer<Int32>) throws {
        guard case .doubles(let v)? = column else { return }
        let isMin = isMin
        values.withUnsafeMutableBufferPointer { values in
            seen.withUnsafeMutableBufferPointer { seen in
                for row in v.indices {
                    guard let x = v[row] else { continue }
                    let group = Int(groups[row])
                    if !seen[group] || (isMin ? Self.less(x, values[group]) : Self.less(values[group], x)) {
                        values[group] = x
                        seen[group] = true
                    }
                }
            }
        }
    }

    func finish() -> ColumnValues { .doubles(values.indices.map { seen[$0] ? values[$0] : nil }) }
}

/// `min`/`max` of a string column, comparing bytes (DuckDB's default binary collation). Each
/// group keeps its current value's bytes, overwritten in place (no allocation unless longer).
final class StringExtremeAccumulator: Accumulator {
    private let isMin: Bool
    private var values: [[UInt8]] = []
    private var seen: [Bool] = []
    private var heldBytes = 0

    init(isMin: Bool) { self.isMin = isMin }

    func grow(to groups: Int) {
        values.append(contentsOf: repeatElement([], count: groups - values.count))
        seen.append(contentsOf: repeatElement(false, count: groups - seen.count))
    }
    var variableBytes: Int { heldBytes }
    var bytesPerGroup: Int { 9 + MemoryLayout<[UInt8]>.stride + 32 }

    /// Byte-wise three-way comparison; a prefix orders first.
    @inline(__always)
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let shared = Swift.min(a.count, b.count)
        for index in 0..<shared where a[index] != b[index] {
            return a[index] < b[index] ? -1 : 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    func add(_ column: ColumnValues?, groups: UnsafeBufferPointer<Int32>) throws {
        guard case .byteArrays(let strings)? = column else { return }
        let isMin = isMin
        var row = 0
        strings.forEachValue { bytes in
            defer { row &+= 1 }
            guard let bytes else { return }
            let group = Int(groups[row])
            let replace: Bool
            if !seen[group] {
                replace = true
            } else {
                let order = values[group].withUnsafeBytes { Self.compare(bytes, $0) }
                replace = isMin ? order < 0 : order > 0
            }
            guard replace else { return }
            heldBytes += bytes.count - values[group].count
            values[group].removeAll(keepingCapacity: true)
            values[group].append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
            seen[group] = true
        }
    }

    func finish() -> ColumnValues {
        var column = ByteArrayColumn(reservingValues: values.count, bytes: heldBytes)
        for group in values.indices {
            if seen[group] {
                values[group].withUnsafeBytes { column.append(bytes: $0) }
            } else {
                column.appendNull()
            }
        }
        return .byteArrays(column)
    }
}
