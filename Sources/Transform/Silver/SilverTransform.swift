import Foundation
import Parquet

/// Turns one Bronze Parquet file into Silver rows under a `SilverPlan`, reading it one row
/// group at a time, never holding more than a row group plus fixed-size digests:
///
/// 1. (only with `unique` expectations) digest the checked columns to find shared values;
/// 2. judge every row against every expectation, hand quarantined rows to the quarantine,
///    and digest the key of each surviving row (with its order key) to pick one row per key;
/// 3. read again and hand the winning rows, typed, to Silver.
///
/// The passes recompute the casts rather than keep them: a row group decodes and casts in
/// far less time than the disk would take to hold and return a cleaned copy.
public final class SilverTransform {
    public let plan: SilverPlan
    /// Silver's columns: the plan's typed columns, then the lineage columns.
    public let silverSchema: ParquetSchema
    /// The quarantine's columns: the plan's columns as Bronze text, lineage, `_rejected_by`.
    public let quarantineSchema: ParquetSchema

    private let reader: ParquetFileReader
    private let projection: [String]
    private let sources: [String]
    private let casters: [ColumnCaster]
    private let expectations: [CompiledExpectation]
    private let keyColumns: [Int]
    private let orderColumn: Int?
    private let digester: RowDigester
    private let spillDirectory: URL

    /// The passes, for progress reports.
    public enum Pass: String, Sendable { case unique, expectations, write }

    /// Opens `inputPath` and binds the plan to its columns; throws when a column the plan
    /// names is missing or an expectation does not fit its column's type.
    public init(plan: SilverPlan, inputPath: String, spillDirectory: URL, seed: DigestSeed = .random()) throws {
        self.plan = plan
        do {
            reader = try ParquetFileReader(path: inputPath)
        } catch {
            throw TransformError.input("cannot read \(inputPath): \(error)")
        }
        sources = plan.sources
        projection = sources + plan.lineage
        let available = Set(reader.schema.columns.map(\.name))
        if let missing = projection.first(where: { !available.contains($0) }) { throw TransformError.unknownColumn(missing) }
        let lineageColumns = try reader.schema(columns: plan.lineage).columns
        casters = plan.columns.map { ColumnCaster(type: $0.type) }
        expectations = try plan.expectations.map { try CompiledExpectation($0, plan: plan) }
        keyColumns = try plan.keys.map { try plan.columnIndex($0) }
        orderColumn = try plan.orderBy.map { try plan.columnIndex($0) }
        if let orderColumn, plan.columns[orderColumn].isList || plan.columns[orderColumn].type == .string {
            throw TransformError.invalidOrder("order_by column '\(plan.columns[orderColumn].name)' must have a type with an order (int64, double, boolean, date, timestamp), not string")
        }
        digester = RowDigester(seed: seed)
        self.spillDirectory = spillDirectory
        silverSchema = ParquetSchema(plan.columns.map { ParquetColumn(name: $0.name, type: $0.parquetType, nullable: true) }
                                     + lineageColumns)
        quarantineSchema = ParquetSchema(sources.map { ParquetColumn(name: ColumnNaming.snakeCase($0), type: .string, nullable: true) }
                                         + lineageColumns + [Quarantine.rejectedByColumn])
    }

    /// Rows in the input.
    public var inputRows: Int64 { reader.rowCount }

    /// Runs the passes. `silver` and `quarantine` receive batches in input order; when a
    /// `fail` expectation was broken, Silver receives nothing (see `SilverReport.failedExpectations`).
    public func run(silver: (ColumnBatch) throws -> Void, quarantine: (ColumnBatch) throws -> Void,
                    progress: (Pass, Int64) -> Void = { _, _ in }) throws -> SilverReport {
        let rowCount = Int(reader.rowCount)
        var report = SilverReport()
        report.rowsIn = reader.rowCount

        // Pass 1: which values of `unique` columns occur more than once.
        var duplicated: [Int: RowBitset] = [:]
        let uniqueChecks = expectations.indices.filter { expectations[$0].usesDuplicates }
        if !uniqueChecks.isEmpty {
            let markers = uniqueChecks.map { _ in
                DuplicateMarker(rowCount: rowCount, budgetBytes: plan.dedupBudgetBytes / uniqueChecks.count,
                                spillDirectory: spillDirectory)
            }
            try forEachBatch(pass: .unique, progress: progress) { batch, first in
                for (marker, check) in zip(markers, uniqueChecks) {
                    let values = batch.columns[expectations[check].column].values
                    let nulls = CompiledExpectation.nulls(values)
                    let digests = digester.digests(of: [values], rowCount: batch.rowCount)
                    for row in 0..<batch.rowCount where !nulls[row] {
                        try marker.add(digest: digests[row], position: first + row)
                    }
                }
            }
            for (marker, check) in zip(markers, uniqueChecks) { duplicated[check] = try marker.resolve() }
        }

        // Pass 2: expectations, quarantine, key digests of the rows that stay.
        var passed = [Int64](repeating: 0, count: expectations.count)
        var failed = [Int64](repeating: 0, count: expectations.count)
        var firstFailed = [Int64?](repeating: nil, count: expectations.count)
        var castFailures = [Int64](repeating: 0, count: plan.columns.count)
        let winners = KeyWinners(rowCount: rowCount, budgetBytes: plan.dedupBudgetBytes, spillDirectory: spillDirectory)
        report.dedupPartitions = winners.partitionCount
        var survivors: Int64 = 0
        try forEachBatch(pass: .expectations, progress: progress) { batch, first in
            let n = batch.rowCount
            for (index, column) in batch.columns.enumerated() {
                if let failedCasts = column.castFailed { castFailures[index] += Int64(failedCasts.lazy.filter { $0 }.count) }
            }
            var action = [ExpectationAction?](repeating: nil, count: n)
            var broken = [[Int]](repeating: [], count: n)
            for (index, expectation) in expectations.enumerated() {
                let failures = expectation.failures(in: batch, firstPosition: first, duplicated: duplicated[index])
                var count: Int64 = 0
                for row in 0..<n where failures[row] {
                    count += 1
                    broken[row].append(index)
                    let strength = expectation.expectation.action
                    if action[row].map({ $0 < strength }) ?? true { action[row] = strength }
                    if firstFailed[index] == nil { firstFailed[index] = batch.sourceRows.isEmpty ? Int64(first + row + 1) : batch.sourceRows[row] }
                }
                failed[index] += count
                passed[index] += Int64(n) - count
            }
            var quarantined = [Bool](repeating: false, count: n)
            var rejectedBy: [[String]] = []
            for row in 0..<n {
                switch action[row] {
                case .quarantine?:
                    quarantined[row] = true
                    rejectedBy.append(broken[row].map { expectations[$0].expectation.name })
                    report.quarantined += 1
                case .drop?:
                    report.dropped += 1
                case .warn?, nil, .fail?:
                    break
                }
            }
            if !rejectedBy.isEmpty {
                try quarantine(Quarantine.batch(batch, rows: quarantined, rejectedBy: rejectedBy))
            }
            let keyValues = (keyColumns.isEmpty ? Array(batch.columns.indices) : keyColumns).map { index in
                // Lists take part through their JSON text.
                plan.columns[index].isList ? ColumnValues.byteArrays(batch.columns[index].text) : batch.columns[index].values
            }
            let digests = digester.digests(of: keyValues, rowCount: n)
            let orders = orderColumn.flatMap { OrderKey.keys(of: batch.columns[$0].values) }
            for row in 0..<n where action[row] == nil || action[row] == .warn || action[row] == .fail {
                try winners.add(digest: digests[row], position: first + row, order: orders?[row] ?? .null)
                survivors += 1
            }
        }
        report.castFailures = Dictionary(uniqueKeysWithValues: plan.columns.indices.compactMap { index in
            castFailures[index] > 0 ? (plan.columns[index].name, castFailures[index]) : nil
        })
        report.expectations = expectations.indices.map { index in
            let e = expectations[index].expectation
            return SilverReport.ExpectationResult(name: e.name, column: e.column, check: e.check.name, action: e.action.rawValue,
                                                  passed: passed[index], failed: failed[index],
                                                  firstFailedSourceRow: firstFailed[index])
        }
        if !report.failedExpectations.isEmpty { return report }
        let keep = try winners.resolve()

        // Pass 3: the winning rows, typed.
        var nulls = [Int64](repeating: 0, count: plan.columns.count)
        try forEachBatch(pass: .write, progress: progress) { batch, first in
            let mask = (0..<batch.rowCount).map { keep[first + $0] }
            let kept = mask.lazy.filter { $0 }.count
            guard kept > 0 else { return }
            let allKept = kept == batch.rowCount
            var columns: [ColumnValues] = []
            for (index, column) in batch.columns.enumerated() {
                let values = allKept ? column.values : column.values.filtered(mask)
                nulls[index] += Int64(values.nullCount)
                columns.append(values)
            }
            columns += batch.lineage.map { allKept ? $0 : $0.filtered(mask) }
            report.rowsOut += Int64(kept)
            try silver(ColumnBatch(columns))
        }
        report.duplicatesRemoved = survivors - report.rowsOut
        if report.rowsOut > 0 {
            for (index, column) in plan.columns.enumerated() {
                report.nullShare[column.name] = Double(nulls[index]) / Double(report.rowsOut)
            }
        } else {
            for column in plan.columns { report.nullShare[column.name] = 0 }
        }
        return report
    }

    private func forEachBatch(pass: Pass, progress: (Pass, Int64) -> Void,
                              _ body: (CleanBatch, Int) throws -> Void) throws {
        var first = 0
        for group in 0..<reader.rowGroupCount {
            let raw: ColumnBatch
            do {
                raw = try reader.readRowGroup(group, columns: projection)
            } catch {
                throw TransformError.input("reading row group \(group): \(error)")
            }
            let batch = try CleanBatch.make(from: raw, plan: plan, sources: sources, casters: casters)
            try body(batch, first)
            first += batch.rowCount
            progress(pass, Int64(first))
        }
    }
}
