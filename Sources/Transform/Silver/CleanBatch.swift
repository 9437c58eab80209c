import Parquet

/// One Bronze row group after trim → empty-to-null → cast, column by column in plan order.
struct CleanBatch {
    struct Column {
        /// Trimmed text, empty as null (what `matches`, `length` and `castable` look at).
        var text: ByteArrayColumn
        /// The typed values; a value that did not cast is null here.
        var values: ColumnValues
        /// Non-null text that did not cast.
        var castFailed: [Bool]?
    }

    var columns: [Column]
    /// Bronze's own text of each plan column (the quarantine keeps it untouched).
    var bronze: [ByteArrayColumn]
    /// Lineage columns in plan order.
    var lineage: [ColumnValues]
    /// `_source_row` of each row, when Bronze has it.
    var sourceRows: [Int64?]
    var rowCount: Int

    static func make(from batch: ColumnBatch, plan: SilverPlan, casters: [ColumnCaster]) throws -> CleanBatch {
        var columns: [Column] = []
        var bronze: [ByteArrayColumn] = []
        columns.reserveCapacity(plan.columns.count)
        for (index, column) in plan.columns.enumerated() {
            guard case .byteArrays(let raw) = batch.columns[index] else {
                throw TransformError.input("Bronze column '\(column.source)' is not a string column")
            }
            bronze.append(raw)
            let text = trimmed(raw)
            if case .string = column.type {
                columns.append(Column(text: text, values: .byteArrays(text), castFailed: nil))
            } else {
                let (values, failed) = casters[index].cast(text)
                columns.append(Column(text: text, values: values, castFailed: failed))
            }
        }
        let lineage = Array(batch.columns[plan.columns.count...])
        var sourceRows: [Int64?] = []
        if let at = plan.lineage.firstIndex(of: SilverPlan.sourceRowColumn), case .int64s(let rows) = lineage[at] {
            sourceRows = rows
        }
        return CleanBatch(columns: columns, bronze: bronze, lineage: lineage, sourceRows: sourceRows,
                          rowCount: batch.rowCount)
    }

    /// Surrounding whitespace removed, empty strings as null.
    static func trimmed(_ column: ByteArrayColumn) -> ByteArrayColumn {
        var out = ByteArrayColumn(reservingValues: column.count, bytes: column.byteCount)
        column.forEachValue { bytes in
            guard let bytes else { return out.appendNull() }
            let trimmed = ValueCasts.trimmed(bytes)
            if trimmed.isEmpty { out.appendNull() } else { out.append(bytes: trimmed) }
        }
        return out
    }
}
