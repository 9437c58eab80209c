import Parquet

/// One Bronze row group after trim → empty-to-null → cast, column by column in plan order.
struct CleanBatch {
    struct Column {
        /// Trimmed text, empty as null (what `matches`, `length` and `castable` look at); the
        /// array's JSON text for a list column.
        var text: ByteArrayColumn
        /// The typed values; a value that did not cast is null here.
        var values: ColumnValues
        /// Non-null text that did not cast (for a list: some element did not, or it is no array).
        var castFailed: [Bool]?
    }

    var columns: [Column]
    /// Bronze's own text of each source column (the quarantine keeps it untouched).
    var bronze: [ByteArrayColumn]
    /// Lineage columns in plan order.
    var lineage: [ColumnValues]
    /// `_source_row` of each row, when Bronze has it.
    var sourceRows: [Int64?]
    var rowCount: Int

    /// `batch` holds the plan's sources, then its lineage columns; with `threads` > 1 columns
    /// are cleaned side by side.
    static func make(from batch: ColumnBatch, plan: SilverPlan, sources: [String], casters: [ColumnCaster],
                     threads: Int = 1) throws -> CleanBatch {
        var bronze: [ByteArrayColumn] = []
        for (index, source) in sources.enumerated() {
            guard case .byteArrays(let raw) = batch.columns[index] else {
                throw TransformError.input("Bronze column '\(source)' is not a string column")
            }
            bronze.append(raw)
        }
        // Sources by name, and the plan columns that are leaves inside each: found with one
        // pass over the plan, as sources times columns is quadratic in a wide file.
        let sourceIndex = Dictionary(sources.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var leafColumns: [Int: [Int]] = [:]
        for (index, column) in plan.columns.enumerated() where !column.path.isEmpty {
            if let source = sourceIndex[column.source] { leafColumns[source, default: []].append(index) }
        }
        // Leaves of JSON objects, one walk per source and row for all of its leaves.
        var leaves: [Int: ByteArrayColumn] = [:]
        for (source, wanted) in leafColumns.sorted(by: { $0.key < $1.key }) {
            let extracted = JSONLeaves.extract(bronze[source], paths: wanted.map { plan.columns[$0].path })
            for (slot, column) in wanted.enumerated() { leaves[column] = extracted[slot] }
        }
        let raws = plan.columns.indices.map { index in
            leaves[index] ?? bronze[sourceIndex[plan.columns[index].source] ?? 0]
        }
        let columns = try ParallelMap.map(count: plan.columns.count, threads: threads) { _, index in
            let column = plan.columns[index]
            if column.isList { return try list(raws[index], caster: casters[index]) }
            let text = ByteArrayRewrite.trimmed(raws[index])
            if case .string = column.type { return Column(text: text, values: .byteArrays(text), castFailed: nil) }
            let (values, failed) = casters[index].cast(text)
            return Column(text: text, values: values, castFailed: failed)
        }
        let lineage = Array(batch.columns[sources.count...])
        var sourceRows: [Int64?] = []
        if let at = plan.lineage.firstIndex(of: SilverPlan.sourceRowColumn), case .int64s(let rows) = lineage[at] {
            sourceRows = rows
        }
        return CleanBatch(columns: columns, bronze: bronze, lineage: lineage, sourceRows: sourceRows,
                          rowCount: batch.rowCount)
    }

    /// The rows whose flag is set.
    func filtered(_ keep: [Bool]) -> CleanBatch {
        CleanBatch(
            columns: columns.map { column in
                Column(text: column.text.filtered(keep), values: column.values.filtered(keep),
                       castFailed: column.castFailed.map { failed in failed.indices.filter { keep[$0] }.map { failed[$0] } })
            },
            bronze: bronze.map { $0.filtered(keep) },
            lineage: lineage.map { $0.filtered(keep) },
            sourceRows: sourceRows.isEmpty ? [] : sourceRows.indices.filter { keep[$0] }.map { sourceRows[$0] },
            rowCount: keep.lazy.filter { $0 }.count)
    }

    /// A JSON array per row as a LIST: each element trimmed, empty as null, cast to the
    /// element type. Text that is not an array is a failed cast and a null list.
    static func list(_ raw: ByteArrayColumn, caster: ColumnCaster) throws -> Column {
        var elements = ByteArrayColumn()
        var offsets = [0]
        var isNull: [Bool] = []
        var notArray = [Bool](repeating: false, count: raw.count)
        var text = ByteArrayColumn(reservingValues: raw.count, bytes: raw.byteCount)
        var row = 0
        raw.forEachValue { bytes in
            defer { row += 1 }
            let trimmedBytes = bytes.map { ValueCasts.trimmed($0) }
            guard let value = trimmedBytes, !value.isEmpty else {
                text.appendNull()
                isNull.append(true)
                offsets.append(elements.count)
                return
            }
            text.append(bytes: value)
            var collected = ByteArrayColumn()
            let ok = JSONText.forEachElement(of: value) { element in
                guard let scalar = JSONText.scalarText(element) else { return collected.appendNull() }
                scalar.withUnsafeBytes { scalarBytes in
                    let trimmedScalar = ValueCasts.trimmed(scalarBytes)
                    if trimmedScalar.isEmpty { collected.appendNull() } else { collected.append(bytes: trimmedScalar) }
                }
            }
            if ok {
                collected.forEachValue { element in
                    if let element { elements.append(bytes: element) } else { elements.appendNull() }
                }
            } else {
                notArray[row] = true
            }
            isNull.append(!ok)
            offsets.append(elements.count)
        }
        let (values, failedElements) = caster.cast(elements)
        var failed = notArray
        for row in 0..<raw.count where !isNull[row] {
            for element in offsets[row]..<offsets[row + 1] where failedElements[element] {
                failed[row] = true
                break
            }
        }
        let lists: ListColumnValues
        do {
            lists = try ListColumnValues(offsets: offsets, isNull: isNull, elements: values)
        } catch {
            throw TransformError.input("building a list column: \(error)")
        }
        return Column(text: text, values: .lists(lists), castFailed: failed)
    }
}
