import Foundation
import Parquet

/// Turns one Bronze Parquet file into Silver rows under a `SilverPlan`, reading it one row
/// group at a time, never holding more than a row group plus fixed-size digests:
///
/// 1. (only with `unique` expectations) digest the checked columns to find shared values;
/// 2. judge every row against every expectation, and digest the key of each surviving row
///    (with its order key) to pick one row per key — reading only the columns these need when
///    the plan has keys;
/// 3. read every column again, hand the winning rows, typed, to Silver and the quarantined
///    rows, as Bronze text with `_rejected_by`, to the quarantine.
///
/// The passes recompute the casts rather than keep them: a row group decodes and casts in
/// less time than the disk would take to hold and return a cleaned copy.
public final class SilverTransform {
    public let plan: SilverPlan
    /// Silver's columns: the plan's typed columns, then the lineage columns.
    public let silverSchema: ParquetSchema
    /// The quarantine's columns: the plan's source columns as Bronze text, lineage, `_rejected_by`.
    public let quarantineSchema: ParquetSchema

    private let reader: ParquetFileReader
    private let full: BoundPlan
    private let digester: RowDigester
    private let spillDirectory: URL
    private let threads: Int
    /// Rows handed to Silver and the quarantine per batch (bounds the writers' queues).
    static let sliceRows = 65_536
    /// A cleaned value costs several times its Bronze bytes (its trimmed text, its typed
    /// value, its cast flag), and what is cleaned waits in the writer's queue. A row group of
    /// a table wider than this many columns (20,000 columns × 100 rows: 80 MB cleaned) is
    /// therefore cleaned `wideSliceValues` values at a time. Narrow row groups stay whole:
    /// slicing copies them, and their size is already bounded by the row group's bytes.
    static let wideColumns = 1_024
    static let wideSliceValues = 256 << 10

    /// Row ranges of a row group of `rowCount` rows and `columns` columns to clean one by one.
    static func cleaningSlices(rowCount: Int, columns: Int) -> [Range<Int>] {
        let rows = columns > wideColumns ? max(1, wideSliceValues / columns) : rowCount
        guard rowCount > rows else { return [0..<rowCount] }
        return stride(from: 0, to: rowCount, by: rows).map { $0..<min(rowCount, $0 + rows) }
    }

    /// The passes, for progress reports.
    public enum Pass: String, Sendable { case unique, expectations, write }

    /// Opens `inputPath` and binds the plan to its columns; throws when a column the plan
    /// names is missing or an expectation does not fit its column's type. `threads` decode and
    /// cast a row group's columns side by side (the output is the same for any count).
    public init(plan: SilverPlan, inputPath: String, spillDirectory: URL, seed: DigestSeed = .random(),
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        self.plan = plan
        self.threads = max(1, threads)
        do {
            reader = try ParquetFileReader(path: inputPath)
        } catch {
            throw TransformError.input("cannot read \(inputPath): \(error)")
        }
        full = try BoundPlan(plan)
        let available = Set(reader.schema.columns.map(\.name))
        if let missing = full.projection.first(where: { !available.contains($0) }) { throw TransformError.unknownColumn(missing) }
        let lineageColumns = try reader.schema(columns: plan.lineage).columns
        if let orderColumn = full.orderColumn, plan.columns[orderColumn].isList || plan.columns[orderColumn].type == .string {
            throw TransformError.invalidOrder("order_by column '\(plan.columns[orderColumn].name)' has no order (a string or list); declare it with a type that orders: int64, double, boolean, date or timestamp")
        }
        digester = RowDigester(seed: seed)
        self.spillDirectory = spillDirectory
        silverSchema = ParquetSchema(plan.columns.map { ParquetColumn(name: $0.name, type: $0.parquetType, nullable: true) }
                                     + lineageColumns)
        quarantineSchema = ParquetSchema(full.sources.map { ParquetColumn(name: ColumnNaming.snakeCase($0), type: .string, nullable: true) }
                                         + lineageColumns + [Quarantine.rejectedByColumn])
    }

    /// Rows in the input.
    public var inputRows: Int64 { reader.rowCount }

    /// Runs the passes. `silver` and `quarantine` receive batches in input order; when a
    /// `fail` expectation was broken, neither receives anything (see `SilverReport.failedExpectations`).
    public func run(silver: (ColumnBatch) throws -> Void, quarantine: (ColumnBatch) throws -> Void,
                    progress: (Pass, Int64) -> Void = { _, _ in }) throws -> SilverReport {
        let rowCount = Int(reader.rowCount)
        var report = SilverReport()
        report.rowsIn = reader.rowCount
        let duplicated = try findSharedValues(rowCount: rowCount, progress: progress)

        // Pass 2: expectations and key digests. With keys, only the columns they and the
        // expectations name are read; without, the whole row is the key.
        var needed = Set(plan.expectations.map(\.column))
        needed.formUnion(plan.keys)
        if let orderBy = plan.orderBy { needed.insert(orderBy) }
        let judge = plan.keys.isEmpty ? full : try BoundPlan.restricted(plan, to: needed, expectations: plan.expectations)
        var passed = [Int64](repeating: 0, count: plan.expectations.count)
        var failed = [Int64](repeating: 0, count: plan.expectations.count)
        var firstFailed = [Int64?](repeating: nil, count: plan.expectations.count)
        let winners = KeyWinners(rowCount: rowCount, budgetBytes: plan.dedupBudgetBytes, spillDirectory: spillDirectory)
        var quarantined = RowBitset(count: rowCount)
        report.dedupPartitions = winners.partitionCount
        var survivors: Int64 = 0
        try forEachBatch(judge, pass: .expectations, progress: progress) { batch, first in
            let n = batch.rowCount
            var action = [ExpectationAction?](repeating: nil, count: n)
            let positions = Array(first..<(first + n))
            for (index, expectation) in judge.expectations.enumerated() {
                let failures = expectation.failures(in: batch, positions: positions, duplicated: duplicated[index])
                var count: Int64 = 0
                let strength = expectation.expectation.action
                for row in 0..<n where failures[row] {
                    count += 1
                    if action[row].map({ $0 < strength }) ?? true { action[row] = strength }
                    if firstFailed[index] == nil { firstFailed[index] = batch.sourceRows.isEmpty ? Int64(first + row + 1) : batch.sourceRows[row] }
                }
                failed[index] += count
                passed[index] += Int64(n) - count
            }
            let keyValues = (judge.keyColumns.isEmpty ? Array(batch.columns.indices) : judge.keyColumns).map { index in
                // Lists take part through their JSON text.
                judge.plan.columns[index].isList ? ColumnValues.byteArrays(batch.columns[index].text) : batch.columns[index].values
            }
            let digests = digester.digests(of: keyValues, rowCount: n)
            let orders = judge.orderColumn.flatMap { OrderKey.keys(of: batch.columns[$0].values) }
            for row in 0..<n {
                switch action[row] {
                case .quarantine?:
                    quarantined[first + row] = true
                    report.quarantined += 1
                case .drop?:
                    report.dropped += 1
                case .warn?, .fail?, nil:
                    try winners.add(digest: digests[row], position: first + row, order: orders?[row] ?? .null)
                    survivors += 1
                }
            }
        }
        report.expectations = plan.expectations.indices.map { index in
            let e = plan.expectations[index]
            return SilverReport.ExpectationResult(name: e.name, column: e.column, check: e.check.name, action: e.action.rawValue,
                                                  passed: passed[index], failed: failed[index],
                                                  firstFailedSourceRow: firstFailed[index])
        }
        if !report.failedExpectations.isEmpty { return report }
        let keep = try winners.resolve()

        // Pass 3: the winning rows, typed, in slices; the quarantined rows with the names of
        // every expectation they broke (judged again on just those rows).
        var nulls = [Int64](repeating: 0, count: plan.columns.count)
        try forEachBatch(full, pass: .write, progress: progress) { batch, first in
            // Counted here, where every column is cast: pass 2 may read only a few.
            for (index, column) in batch.columns.enumerated() {
                if let failedCasts = column.castFailed {
                    let count = Int64(failedCasts.lazy.filter { $0 }.count)
                    if count > 0 { report.castFailures[plan.columns[index].name, default: 0] += count }
                }
            }
            let mask = (0..<batch.rowCount).map { keep[first + $0] }
            var start = 0
            while start < batch.rowCount {
                let slice = start..<min(batch.rowCount, start + Self.sliceRows)
                start = slice.upperBound
                let kept = mask[slice].lazy.filter { $0 }.count
                guard kept > 0 else { continue }
                let whole = kept == batch.rowCount
                var columns: [ColumnValues] = []
                for (index, column) in batch.columns.enumerated() {
                    let values = whole ? column.values : column.values.filtered(mask, range: slice)
                    nulls[index] += Int64(values.nullCount)
                    columns.append(values)
                }
                columns += batch.lineage.map { whole ? $0 : $0.filtered(mask, range: slice) }
                report.rowsOut += Int64(kept)
                try silver(ColumnBatch(columns))
            }
            let rejected = (0..<batch.rowCount).map { quarantined[first + $0] }
            if rejected.contains(true) {
                try quarantine(Quarantine.batch(batch.filtered(rejected), positions: (0..<batch.rowCount).filter { rejected[$0] }.map { first + $0 },
                                                expectations: full.expectations, duplicated: duplicated))
            }
        }
        report.duplicatesRemoved = survivors - report.rowsOut
        for (index, column) in plan.columns.enumerated() {
            report.nullShare[column.name] = report.rowsOut > 0 ? Double(nulls[index]) / Double(report.rowsOut) : 0
        }
        return report
    }

    /// Pass 1: for each `unique` expectation (by index), the rows whose value another row shares.
    private func findSharedValues(rowCount: Int, progress: (Pass, Int64) -> Void) throws -> [Int: RowBitset] {
        let uniqueChecks = plan.expectations.indices.filter { plan.expectations[$0].check == .unique }
        guard !uniqueChecks.isEmpty else { return [:] }
        let columns = Set(uniqueChecks.map { plan.expectations[$0].column })
        let bound = try BoundPlan.restricted(plan, to: columns, expectations: [])
        let markers = uniqueChecks.map { _ in
            DuplicateMarker(rowCount: rowCount, budgetBytes: plan.dedupBudgetBytes / uniqueChecks.count,
                            spillDirectory: spillDirectory)
        }
        try forEachBatch(bound, pass: .unique, progress: progress) { batch, first in
            for (marker, check) in zip(markers, uniqueChecks) {
                let column = try bound.plan.columnIndex(plan.expectations[check].column)
                let cleaned = batch.columns[column]
                let values = bound.plan.columns[column].isList ? ColumnValues.byteArrays(cleaned.text) : cleaned.values
                let nulls = CompiledExpectation.nulls(cleaned.values)
                let digests = digester.digests(of: [values], rowCount: batch.rowCount)
                for row in 0..<batch.rowCount where !nulls[row] {
                    try marker.add(digest: digests[row], position: first + row)
                }
            }
        }
        var duplicated: [Int: RowBitset] = [:]
        for (marker, check) in zip(markers, uniqueChecks) { duplicated[check] = try marker.resolve() }
        return duplicated
    }

    private func forEachBatch(_ bound: BoundPlan, pass: Pass, progress: (Pass, Int64) -> Void,
                              _ body: (CleanBatch, Int) throws -> Void) throws {
        var first = 0
        for group in 0..<reader.rowGroupCount {
            let raw: ColumnBatch
            do {
                raw = try reader.readRowGroup(group, columns: bound.projection, threads: threads)
            } catch {
                throw TransformError.input("reading row group \(group): \(error)")
            }
            for rows in Self.cleaningSlices(rowCount: raw.rowCount, columns: raw.columns.count) {
                let part = rows.count == raw.rowCount ? raw : raw.rows(rows)
                let batch = try bound.clean(part, threads: threads)
                try body(batch, first)
                first += batch.rowCount
            }
            progress(pass, Int64(first))
        }
    }
}

