import CivilCalendar
import Foundation
import Parquet
import TestSupport
@testable import Transform

/// Seeded inputs: `sales` (the left table: every column type, NULLs everywhere, a region
/// whose numbers are all NULL) and `products` (the right table: duplicate and NULL keys,
/// columns named like the left ones).
enum GoldTables {
    static let regions: [String?] = ["west", "east", "North", "é", "", "Z", "zz", nil]

    static func sales(rows: Int, seed: UInt64) -> (ParquetSchema, ColumnBatch) {
        var random = SeededGenerator(seed: seed)
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        var region: [String?] = [], names: [String?] = []
        var productId: [Int64?] = [], qty: [Int64?] = [], ts: [Int64?] = [], id: [Int64?] = []
        var price: [Double?] = [], day: [Int32?] = [], small: [Int32?] = [], flag: [Bool?] = []
        for row in 0..<rows {
            let r = regions[Int(random.next() % UInt64(regions.count))]
            region.append(r)
            let empty = r == "zz"
            productId.append(chance(8) ? nil : Int64(random.next() % 45))
            qty.append(empty || chance(12) ? nil : Int64(random.next() % 551) - 50)
            price.append(empty || chance(10) ? nil : (chance(5) ? -0.0 : Double(Int64(random.next() % 40_000)) / 16 - 500))
            day.append(chance(10) ? nil : Int32(19_000 + Int(random.next() % 40)))
            ts.append(chance(10) ? nil : 1_641_600_000_000_000 + Int64(random.next() % 86_400_000_000) * 3)
            small.append(empty || chance(10) ? nil : Int32(random.next() % 1000) - 300)
            flag.append(chance(15) ? nil : random.next() % 2 == 0)
            names.append(chance(10) ? nil : ["apple", "Apple", "banana", "cherry", "date", "éclair", "fig"][Int(random.next() % 7)])
            id.append(Int64(row))
        }
        let schema = ParquetSchema([
            ParquetColumn(name: "id", type: .int64, nullable: false),
            ParquetColumn(name: "region", type: .string, nullable: true),
            ParquetColumn(name: "product_id", type: .int64, nullable: true),
            ParquetColumn(name: "qty", type: .int64, nullable: true),
            ParquetColumn(name: "price", type: .double, nullable: true),
            ParquetColumn(name: "day", type: .date, nullable: true),
            ParquetColumn(name: "ts", type: .timestampMicros, nullable: true),
            ParquetColumn(name: "small", type: .int32, nullable: true),
            ParquetColumn(name: "flag", type: .boolean, nullable: true),
            ParquetColumn(name: "name", type: .string, nullable: true),
        ])
        return (schema, ColumnBatch([.int64s(id), GoldColumns.strings(region), .int64s(productId), .int64s(qty), .doubles(price),
                                     .dates(day), .timestampsMicros(ts), .int32s(small), .booleans(flag), GoldColumns.strings(names)]))
    }

    /// Product ids 0..<40 (so sales' 40..<45 match nothing), some twice, two NULL.
    static func products(seed: UInt64) -> (ParquetSchema, ColumnBatch) {
        var random = SeededGenerator(seed: seed)
        var productId: [Int64?] = [], pid32: [Int32?] = [], names: [String?] = [], category: [String?] = []
        var weight: [Double?] = [], region: [String?] = []
        func add(_ id: Int64?) {
            productId.append(id)
            pid32.append(id.map { Int32($0) })
            names.append(id.map { "product \($0)" })
            category.append(random.next() % 6 == 0 ? nil : ["A", "B", "C"][Int(random.next() % 3)])
            weight.append(random.next() % 8 == 0 ? nil : Double(random.next() % 1000) / 8)
            region.append(regions[Int(random.next() % UInt64(regions.count))])
        }
        for id in 0..<40 { add(Int64(id)) }
        for id in [3, 7, 7, 12, 30] { add(Int64(id)) }
        add(nil)
        add(nil)
        let schema = ParquetSchema([
            ParquetColumn(name: "product_id", type: .int64, nullable: true),
            ParquetColumn(name: "pid32", type: .int32, nullable: true),
            ParquetColumn(name: "name", type: .string, nullable: true),
            ParquetColumn(name: "category", type: .string, nullable: true),
            ParquetColumn(name: "weight", type: .double, nullable: true),
            ParquetColumn(name: "region", type: .string, nullable: true),
        ])
        return (schema, ColumnBatch([.int64s(productId), .int32s(pid32), GoldColumns.strings(names), GoldColumns.strings(category),
                                     .doubles(weight), GoldColumns.strings(region)]))
    }

    /// `YYYY-MM-DD` of a day number.
    static func isoDate(_ days: Int32) -> String {
        let (y, m, d) = CivilDate.civil(days: Int64(days))
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
