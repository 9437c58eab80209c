import Foundation
import Parquet
import Testing
@testable import Transform

/// The three passes on a small Bronze file: trims, casts, expectations, quarantine,
/// de-duplication, and a `fail` expectation that keeps Silver empty.
@Suite struct SilverTransformTests {
    /// Writes a Bronze-shaped file: every source column a string, plus lineage.
    static func bronze(_ rows: [[String?]], columns: [String], in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("bronze.parquet").path
        var schema = columns.map { ParquetColumn(name: $0, type: .string, nullable: true) }
        schema += [ParquetColumn(name: "_run_id", type: .string, nullable: false),
                   ParquetColumn(name: "_ingested_at", type: .timestampMicros, nullable: false),
                   ParquetColumn(name: "_source_row", type: .int64, nullable: false)]
        var options = ParquetWriterOptions()
        options.rowGroupSize = 256 // several row groups even for a few rows
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: ParquetSchema(schema), options: options)
        var values = columns.map { _ in ByteArrayColumn() }
        var runIds = ByteArrayColumn()
        for row in rows {
            for (index, value) in row.enumerated() {
                if let value { values[index].append(value) } else { values[index].appendNull() }
            }
            runIds.append("run-1")
        }
        try writer.write(ColumnBatch(values.map { .byteArrays($0) } + [
            .byteArrays(runIds), .timestampsMicros(Array(repeating: 1_700_000_000_000_000, count: rows.count)),
            .int64s((1...rows.count).map { Int64($0) })]))
        _ = try writer.close()
        return path
    }

    struct Outcome {
        var report: SilverReport
        var silver: [ColumnBatch]
        var quarantine: [ColumnBatch]
    }

    static func run(_ plan: SilverPlan, bronze: String, spill: URL) throws -> Outcome {
        let transform = try SilverTransform(plan: plan, inputPath: bronze, spillDirectory: spill, seed: DigestSeed(a: 9, b: 10))
        var silver: [ColumnBatch] = [], quarantine: [ColumnBatch] = []
        let report = try transform.run(silver: { silver.append($0) }, quarantine: { quarantine.append($0) })
        return Outcome(report: report, silver: silver, quarantine: quarantine)
    }

    static let rows: [[String?]] = [
        ["CLM-1", " 10.5 ", "2025-01-02"],
        ["CLM-2", "-3", "2025-01-03"],      // negative: quarantined
        ["CLM-1", "12", "2025-01-05"],      // same key, later date: wins
        [nil, "7", "2025-01-01"],           // no id: quarantined
        ["CLM-3", "abc", "02/01/2025"],     // neither casts: warn only
        ["CLM-4", "", ""],                  // empty → null
        ["CLM-3", "5", "2024-12-31"],       // same key, earlier date than a null date → wins over null
    ]

    static let plan = SilverPlan(
        columns: [SilverPlan.Column(source: "Claim ID", name: "claim_id", type: .string),
                  SilverPlan.Column(source: "Amount", name: "amount", type: .double),
                  SilverPlan.Column(source: "Service Date", name: "service_date", type: .date(.isoDate))],
        keys: ["claim_id"], orderBy: "service_date",
        expectations: [
            Expectation(name: "id_present", column: "claim_id", check: .notNull, action: .quarantine),
            Expectation(name: "amount_positive", column: "amount", check: .between(min: "0", max: nil), action: .quarantine),
            Expectation(name: "amount_castable", column: "amount", check: .castable(.double), action: .warn),
            Expectation(name: "id_unique", column: "claim_id", check: .unique, action: .warn),
        ])

    @Test func quarantinesDeduplicatesAndCounts() throws {
        let directory = try TestDirectory()
        let bronze = try Self.bronze(Self.rows, columns: ["Claim ID", "Amount", "Service Date"], in: directory.url)
        let outcome = try Self.run(Self.plan, bronze: bronze, spill: directory.url)
        let report = outcome.report
        #expect(report.rowsIn == 7)
        #expect(report.quarantined == 2)
        #expect(report.rowsOut == 3)
        #expect(report.duplicatesRemoved == 2)
        #expect(report.castFailures == ["amount": 1, "service_date": 1])
        let byName = Dictionary(uniqueKeysWithValues: report.expectations.map { ($0.name, $0) })
        #expect(byName["id_present"]?.failed == 1)
        #expect(byName["id_present"]?.firstFailedSourceRow == 4)
        #expect(byName["amount_positive"]?.failed == 1)
        #expect(byName["amount_castable"]?.failed == 1)
        #expect(byName["id_unique"]?.failed == 4)

        let silverRows = outcome.silver.reduce(0) { $0 + $1.rowCount }
        #expect(silverRows == 3)
        var ids: [String?] = [], amounts: [Double?] = [], sourceRows: [Int64?] = []
        for batch in outcome.silver {
            if case .byteArrays(let v) = batch.columns[0] { ids += v.strings }
            if case .doubles(let v) = batch.columns[1] { amounts += v }
            if case .int64s(let v) = batch.columns[5] { sourceRows += v }
        }
        #expect(ids == ["CLM-1", "CLM-4", "CLM-3"])
        #expect(amounts == [12, nil, 5])
        #expect(sourceRows == [3, 6, 7])
        #expect(report.nullShare["amount"] == 1.0 / 3.0)

        let quarantined = outcome.quarantine.reduce(0) { $0 + $1.rowCount }
        #expect(quarantined == 2)
        var rawAmounts: [String?] = []
        for batch in outcome.quarantine { if case .byteArrays(let v) = batch.columns[1] { rawAmounts += v.strings } }
        #expect(rawAmounts == ["-3", "7"])
    }

    @Test func aFailExpectationWritesNoSilver() throws {
        let directory = try TestDirectory()
        let bronze = try Self.bronze(Self.rows, columns: ["Claim ID", "Amount", "Service Date"], in: directory.url)
        var plan = Self.plan
        plan.expectations.append(Expectation(name: "dates_castable", column: "service_date",
                                             check: .castable(.date(.isoDate)), action: .fail))
        let outcome = try Self.run(plan, bronze: bronze, spill: directory.url)
        #expect(outcome.silver.isEmpty)
        #expect(outcome.report.failedExpectations.map(\.name) == ["dates_castable"])
        #expect(outcome.report.failedExpectations.first?.firstFailedSourceRow == 5)
    }

    @Test func withoutKeysExactDuplicatesGoOnCleanedValues() throws {
        let directory = try TestDirectory()
        let rows: [[String?]] = [["a", "1"], ["a ", "1.0"], ["a", " 1"], ["b", nil], ["b", ""]]
        let bronze = try Self.bronze(rows, columns: ["k", "v"], in: directory.url)
        let plan = SilverPlan(columns: [SilverPlan.Column(source: "k", name: "k", type: .string),
                                        SilverPlan.Column(source: "v", name: "v", type: .double)])
        let outcome = try Self.run(plan, bronze: bronze, spill: directory.url)
        #expect(outcome.report.rowsOut == 2)
        #expect(outcome.report.duplicatesRemoved == 3)
        var sourceRows: [Int64?] = []
        for batch in outcome.silver { if case .int64s(let v) = batch.columns[4] { sourceRows += v } }
        #expect(sourceRows == [3, 5])
    }

    /// With keys, pass 2 reads only the key and expectation columns; cast failures of the
    /// other columns still count.
    @Test func castFailuresCountInColumnsNoExpectationReads() throws {
        let directory = try TestDirectory()
        let bronze = try Self.bronze([["a", "1.5"], ["b", "oops"], ["c", ""]], columns: ["k", "v"], in: directory.url)
        let plan = SilverPlan(columns: [SilverPlan.Column(source: "k", name: "k", type: .string),
                                        SilverPlan.Column(source: "v", name: "v", type: .double)],
                              keys: ["k"],
                              expectations: [Expectation(name: "k_present", column: "k", check: .notNull, action: .warn)])
        let outcome = try Self.run(plan, bronze: bronze, spill: directory.url)
        #expect(outcome.report.castFailures == ["v": 1])
        #expect(outcome.report.rowsOut == 3)
    }

    @Test func unknownColumnsAndBadBoundsAreErrors() throws {
        let directory = try TestDirectory()
        let bronze = try Self.bronze([["x"]], columns: ["k"], in: directory.url)
        let missing = SilverPlan(columns: [SilverPlan.Column(source: "nope", name: "nope", type: .string)])
        #expect(throws: TransformError.unknownColumn("nope")) {
            _ = try SilverTransform(plan: missing, inputPath: bronze, spillDirectory: directory.url)
        }
        let bad = SilverPlan(columns: [SilverPlan.Column(source: "k", name: "k", type: .int64)],
                             expectations: [Expectation(name: "e", column: "k", check: .between(min: "x", max: nil), action: .warn)])
        #expect(throws: TransformError.self) {
            _ = try SilverTransform(plan: bad, inputPath: bronze, spillDirectory: directory.url)
        }
    }
}
