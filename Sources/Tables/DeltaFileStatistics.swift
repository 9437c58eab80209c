import CivilCalendar
import Foundation
import Parquet

/// A data file's `stats` (PROTOCOL.md, "Per-file Statistics"), taken from the Parquet footer's
/// column-chunk statistics, so nothing is read but the footer. The bounds are exact because the
/// files are ours: our writer never truncates a string bound (other writers may, which would
/// make a truncated max wrong here).
///
/// Columns without statistics in every row group, LIST columns and floating columns holding
/// NaN are left out of `minValues` / `maxValues`: a missing bound only costs data skipping, a
/// wrong one would make readers skip rows. Strings longer than `maximumStringBytes` are left
/// out too, to keep the log small.
public struct DeltaFileStatistics: Codable, Sendable, Equatable {
    public var numRecords: Int64
    public var minValues: [String: DeltaStatValue]
    public var maxValues: [String: DeltaStatValue]
    public var nullCount: [String: Int64]

    static let maximumStringBytes = 256

    public init(numRecords: Int64, minValues: [String: DeltaStatValue], maxValues: [String: DeltaStatValue],
                nullCount: [String: Int64]) {
        self.numRecords = numRecords
        self.minValues = minValues
        self.maxValues = maxValues
        self.nullCount = nullCount
    }

    /// The statistics of the file whose footer is `footer`.
    public init(footer: ParquetFooter) {
        numRecords = footer.metadata.numRows
        minValues = [:]
        maxValues = [:]
        nullCount = [:]
        for (index, column) in footer.schema.columns.enumerated() where column.type.isScalar {
            var low: DeltaStatValue?
            var high: DeltaStatValue?
            var nulls: Int64 = 0
            var complete = true
            var countsComplete = true
            for group in footer.metadata.rowGroups {
                guard index < group.columns.count, let stats = group.columns[index].statistics else {
                    complete = false
                    countsComplete = false
                    break
                }
                if let count = stats.nullCount { nulls += count } else { countsComplete = false }
                // A row group of nulls only has no bounds; it does not spoil the others'.
                let values = group.numRows - (stats.nullCount ?? 0)
                guard values > 0 || stats.nullCount == nil else { continue }
                guard let minBytes = stats.minValue, let maxBytes = stats.maxValue,
                      let min = Self.value(minBytes, type: column.type), let max = Self.value(maxBytes, type: column.type) else {
                    complete = false
                    continue
                }
                low = low.map { Self.less(min, $0) ? min : $0 } ?? min
                high = high.map { Self.less($0, max) ? max : $0 } ?? max
            }
            if countsComplete { nullCount[column.name] = nulls }
            if complete, let low, let high {
                minValues[column.name] = low
                maxValues[column.name] = high
            }
        }
    }

    /// The JSON text an `add` action carries.
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A PLAIN-encoded statistics value as Delta writes it; nil for what we leave out.
    static func value(_ bytes: [UInt8], type: ParquetType) -> DeltaStatValue? {
        func littleEndian(_ count: Int) -> UInt64? {
            guard bytes.count == count else { return nil }
            return bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        switch type {
        case .boolean:
            return bytes.count == 1 ? .boolean(bytes[0] != 0) : nil
        case .int32:
            return littleEndian(4).map { .integer(Int64(Int32(truncatingIfNeeded: $0))) }
        case .int64:
            return littleEndian(8).map { .integer(Int64(bitPattern: $0)) }
        case .double:
            guard let bits = littleEndian(8) else { return nil }
            let value = Double(bitPattern: bits)
            return value.isFinite ? .double(value) : nil
        case .string:
            guard bytes.count <= maximumStringBytes, let text = String(validating: bytes, as: UTF8.self) else { return nil }
            return .string(text)
        case .date:
            guard let raw = littleEndian(4) else { return nil }
            return .string(Self.dateText(days: Int64(Int32(truncatingIfNeeded: raw))))
        case .timestampMicros:
            guard let raw = littleEndian(8) else { return nil }
            return .string(Self.timestampText(micros: Int64(bitPattern: raw)))
        case .list:
            return nil
        }
    }

    /// Orders two values of one column (dates and timestamps compare as their fixed-width text).
    static func less(_ a: DeltaStatValue, _ b: DeltaStatValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y
        case (.double(let x), .double(let y)): return x < y
        case (.boolean(let x), .boolean(let y)): return !x && y
        case (.string(let x), .string(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        default: return false
        }
    }

    static func dateText(days: Int64) -> String {
        let civil = CivilDate.civil(days: days)
        return pad(civil.year, 4) + "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2)
    }

    /// `yyyy-MM-ddTHH:mm:ss.ffffffZ`: microseconds kept, so a bound is never cut below a value.
    static func timestampText(micros: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 { rest += perDay; days -= 1 }
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        return dateText(days: days) + "T" + pad(Int(seconds / 3600), 2) + ":" + pad(Int(seconds / 60 % 60), 2) + ":"
            + pad(Int(seconds % 60), 2) + "." + pad(Int(fraction), 6) + "Z"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
