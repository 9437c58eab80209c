import Foundation
import Lake
import Parquet
import Tables
import TestSupport

/// A local lake with one table whose partitions are written by our Parquet writer: every type
/// Silver and Gold produce, nulls included.
struct TableFixture {
    let root: URL
    let store: LocalObjectStore
    let table: DeltaTable

    static let schema = ParquetSchema([
        ParquetColumn(name: "id", type: .int64, nullable: false),
        ParquetColumn(name: "name", type: .string, nullable: true),
        ParquetColumn(name: "small", type: .int32, nullable: true),
        ParquetColumn(name: "price", type: .double, nullable: true),
        ParquetColumn(name: "active", type: .boolean, nullable: true),
        ParquetColumn(name: "start_date", type: .date, nullable: true),
        ParquetColumn(name: "seen_at", type: .timestampMicros, nullable: true),
        ParquetColumn(name: "tags", type: .list(.string), nullable: true),
    ])

    init(tableKey: String = "silver/demo") throws {
        root = try TestEnvironment.makeTemporaryDirectory("tables")
        store = try LocalObjectStore(root: root)
        table = try DeltaTable(store: store, key: tableKey)
    }

    /// Writes `rows` rows (ids from `firstId`) as `<table>/version=<run>/part-00000.parquet` plus
    /// `_SUCCESS`, through the store's publish, and returns the partition key.
    func publish(run: String, rows: Int, firstId: Int64 = 1) async throws -> String {
        let local = root.appendingPathComponent("scratch-\(UUID().uuidString).parquet")
        let writer = try ParquetWriter(sink: try FileOutputSink(path: local.path), schema: Self.schema)
        var names = ByteArrayColumn()
        var tags = ListColumnBuilder(elementType: .string)
        var ids: [Int64?] = [], small: [Int32?] = [], prices: [Double?] = [], active: [Bool?] = []
        var dates: [Int32?] = [], seen: [Int64?] = []
        for index in 0..<rows {
            let id = firstId + Int64(index)
            ids.append(id)
            if index % 7 == 3 { names.appendNull() } else { names.append("name-\(id)") }
            small.append(index % 5 == 0 ? nil : Int32(index) - 10)
            prices.append(index % 6 == 0 ? nil : Double(index) * 1.5 - 3)
            active.append(index % 4 == 0 ? nil : index % 2 == 0)
            dates.append(index % 9 == 0 ? nil : Int32(20_000 + index))
            seen.append(index % 8 == 0 ? nil : 1_764_000_000_000_000 + Int64(index) * 1_000_001)
            if index % 3 == 0 {
                tags.appendNull()
            } else {
                tags.startRow()
                tags.appendElement("t\(index % 4)")
                tags.appendElement(index % 2 == 0 ? nil : "x")
            }
        }
        try writer.write(ColumnBatch([
            .int64s(ids), .byteArrays(names), .int32s(small), .doubles(prices), .booleans(active),
            .dates(dates), .timestampsMicros(seen), .lists(tags.build()),
        ]))
        _ = try writer.close()
        let partition = table.key + "/version=" + run
        try await store.publish(prefix: partition, files: [(name: "part-00000.parquet", localFile: local)])
        try? FileManager.default.removeItem(at: local)
        return partition
    }

    /// Publishes a partition and commits it as the table's new content.
    @discardableResult
    func write(run: String, rows: Int, firstId: Int64 = 1) async throws -> DeltaCommitResult {
        let partition = try await publish(run: run, rows: rows, firstId: firstId)
        let (files, schema) = try await DeltaDataFiles.collect(in: table, partition: partition)
        return try await table.commit(files: files, schema: schema, operation: .write, runId: run)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
