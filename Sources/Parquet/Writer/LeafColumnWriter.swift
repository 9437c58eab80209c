/// A writer of scalar values that can also be the leaf of a LIST column.
protocol LeafColumnWriter: ColumnChunkWriter {
    /// Appends whole list rows: their level entries and the elements they hold.
    func append(elements: ColumnValues, slots: NestedSlots) throws
}
