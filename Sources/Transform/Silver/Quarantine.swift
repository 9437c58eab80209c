import Parquet

/// Rows an expectation with action `quarantine` rejected: Bronze's own text of every plan
/// column, the lineage columns, and `_rejected_by`, the names of every expectation the row
/// broke (any action), in plan order.
enum Quarantine {
    static let rejectedByName = "_rejected_by"
    static let rejectedByColumn = ParquetColumn(name: rejectedByName, type: .list(.string), nullable: false)

    /// The quarantine rows of `rejected` (the quarantined rows of a batch; `positions` are
    /// their input positions), judged again to name every expectation each one broke.
    static func batch(_ rejected: CleanBatch, positions: [Int], expectations: [CompiledExpectation],
                      duplicated: [Int: RowBitset]) -> ColumnBatch {
        let failures = expectations.indices.map { index in
            expectations[index].failures(in: rejected, positions: positions, duplicated: duplicated[index])
        }
        var names = ListColumnBuilder(elementType: .string, reservingRows: rejected.rowCount)
        for row in 0..<rejected.rowCount {
            names.append(expectations.indices.filter { failures[$0][row] }.map { Optional(expectations[$0].expectation.name) })
        }
        var columns = rejected.bronze.map { ColumnValues.byteArrays($0) }
        columns += rejected.lineage
        columns.append(.lists(names.build()))
        return ColumnBatch(columns)
    }
}
