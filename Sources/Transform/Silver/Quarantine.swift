import Parquet

/// Rows an expectation with action `quarantine` rejected: Bronze's own text of every plan
/// column, the lineage columns, and `_rejected_by`, the names of every expectation the row
/// broke (any action), in plan order.
enum Quarantine {
    static let rejectedByName = "_rejected_by"
    static let rejectedByColumn = ParquetColumn(name: rejectedByName, type: .list(.string), nullable: false)

    static func batch(_ batch: CleanBatch, rows: [Bool], rejectedBy: [[String]]) -> ColumnBatch {
        var columns = batch.bronze.map { ColumnValues.byteArrays($0.filtered(rows)) }
        columns += batch.lineage.map { $0.filtered(rows) }
        var names = ListColumnBuilder(elementType: .string, reservingRows: rejectedBy.count)
        for list in rejectedBy { names.append(list.map { Optional($0) }) }
        columns.append(.lists(names.build()))
        return ColumnBatch(columns)
    }
}
