import Parquet

/// Finds how Bronze's JSON-text columns nest, in one read of just those columns.
public enum NestedDiscovery {
    /// Shapes of the `columns` of `inputPath` whose every non-null value is an object, or an
    /// array of scalars; other columns are absent from the result. An object with more than
    /// `maxFields` distinct member paths stays JSON text rather than flooding the table.
    public static func discover(inputPath: String, columns: [String], maxFields: Int = 512) throws -> [String: NestedShape] {
        guard !columns.isEmpty else { return [:] }
        let reader: ParquetFileReader
        do {
            reader = try ParquetFileReader(path: inputPath)
        } catch {
            throw TransformError.input("cannot read \(inputPath): \(error)")
        }
        let stats = columns.map { _ in JSONStats() }
        var budgets = columns.map { _ in maxFields }
        var sawOther = columns.map { _ in false }
        for group in 0..<reader.rowGroupCount {
            let batch: ColumnBatch
            do {
                batch = try reader.readRowGroup(group, columns: columns)
            } catch {
                throw TransformError.input("reading row group \(group): \(error)")
            }
            for (index, column) in batch.columns.enumerated() where !sawOther[index] {
                guard case .byteArrays(let values) = column else {
                    sawOther[index] = true
                    continue
                }
                values.forEachValue { value in
                    guard let value, !sawOther[index] else { return }
                    switch JSONText.kind(of: value) {
                    case .object?, .array?:
                        if !stats[index].observe(value, depth: 0, budget: &budgets[index]) { sawOther[index] = true }
                    default: sawOther[index] = true
                    }
                }
            }
        }
        var shapes: [String: NestedShape] = [:]
        for (index, name) in columns.enumerated() where !sawOther[index] && budgets[index] > 0 {
            if let shape = stats[index].shape { shapes[name] = shape }
        }
        return shapes
    }
}
