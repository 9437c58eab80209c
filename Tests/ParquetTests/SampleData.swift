import Foundation
@testable import Parquet

/// A schema with every supported type, and rows with nulls in varying positions.
enum SampleData {
    static let schema = ParquetSchema([
        ParquetColumn(name: "id", type: .int64, nullable: false),
        ParquetColumn(name: "flag", type: .boolean, nullable: true),
        ParquetColumn(name: "small", type: .int32, nullable: true),
        ParquetColumn(name: "amount", type: .double, nullable: true),
        ParquetColumn(name: "name", type: .string, nullable: true),
        ParquetColumn(name: "day", type: .date, nullable: true),
        ParquetColumn(name: "at", type: .timestampMicros, nullable: true),
        ParquetColumn(name: "code", type: .string, nullable: false),
    ])

    static let words = ["", "alpha", "Bücher", "日本語", "zeta", "Zeta", "a,b\"c", "emoji 🎉", "alpha"]

    /// Row `i` of the sample; nulls follow different periods per column.
    static func batch(rows: Range<Int>) -> ColumnBatch {
        var flags: [Bool?] = [], smalls: [Int32?] = [], amounts: [Double?] = [], days: [Int32?] = [], ats: [Int64?] = []
        var ids: [Int64?] = []
        var names = ByteArrayColumn(), codes = ByteArrayColumn()
        for i in rows {
            ids.append(Int64(i) * 1_000_003 - 5_000_000)
            flags.append(i % 3 == 0 ? nil : i % 2 == 0)
            smalls.append(i % 5 == 1 ? nil : Int32(i % 1000) - 500)
            amounts.append(i % 7 == 2 ? nil : Double(i) * 0.25 - 100.5)
            if i % 4 == 3 { names.appendNull() } else { names.append(words[i % words.count]) }
            days.append(i % 6 == 5 ? nil : Int32(i % 20000) - 3000)
            ats.append(i % 8 == 0 ? nil : Int64(i) * 3_600_000_123 - 86_400_000_000)
            codes.append("C\(i % 37)")
        }
        return ColumnBatch([.int64s(ids), .booleans(flags), .int32s(smalls), .doubles(amounts), .byteArrays(names),
                            .dates(days), .timestampsMicros(ats), .byteArrays(codes)])
    }

    static func write(to path: String, batches: [Range<Int>], options: ParquetWriterOptions = ParquetWriterOptions()) throws -> ParquetWriteSummary {
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
        for rows in batches { try writer.write(batch(rows: rows)) }
        return try writer.close()
    }

    /// Whether a JSON value decoded from Python equals row `r` of `values` (dates as
    /// YYYY-MM-DD strings, timestamps as integer microseconds, lists as arrays).
    static func matches(_ actual: Any, _ values: ColumnValues, _ r: Int) -> Bool {
        let number = actual as? NSNumber
        switch values {
        case .int64s(let v), .timestampsMicros(let v): return v[r] == nil ? actual is NSNull : number?.int64Value == v[r]
        case .int32s(let v): return v[r] == nil ? actual is NSNull : number?.int32Value == v[r]
        case .doubles(let v): return v[r] == nil ? actual is NSNull : number?.doubleValue == v[r]
        case .booleans(let v): return v[r] == nil ? actual is NSNull : number?.boolValue == v[r]
        case .byteArrays(let v): return v[r] == nil ? actual is NSNull : actual as? String == v[r]
        case .dates(let v): return v[r] == nil ? actual is NSNull : actual as? String == v[r].map { isoDate($0) }
        case .lists(let v):
            if v.isNull(at: r) { return actual is NSNull }
            let range = v.elementRange(at: r)
            guard let items = actual as? [Any], items.count == range.count else { return false }
            return zip(items, range).allSatisfy { matches($0, v.elements, $1) }
        }
    }

    static func jsonValue(_ values: ColumnValues, _ r: Int) -> String {
        switch values {
        case .int64s(let v), .timestampsMicros(let v): return String(describing: v[r])
        case .booleans(let v): return String(describing: v[r])
        case .int32s(let v): return String(describing: v[r])
        case .doubles(let v): return String(describing: v[r])
        case .byteArrays(let v): return String(describing: v[r])
        case .dates(let v): return String(describing: v[r].map { isoDate($0) })
        case .lists(let v):
            if v.isNull(at: r) { return "nil" }
            return "[" + v.elementRange(at: r).map { jsonValue(v.elements, $0) }.joined(separator: ", ") + "]"
        }
    }

    static func isoDate(_ days: Int32) -> String {
        let date = Date(timeIntervalSince1970: Double(days) * 86400)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }
}
