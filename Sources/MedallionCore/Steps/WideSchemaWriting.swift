import Parquet

/// Parquet writer settings for tables with thousands of columns (genomics matrices, sensor
/// exports), shared by every layer that writes one.
enum WideSchemaWriting {
    /// Wider tables are written without dictionary encoding.
    static let dictionaryColumns = 1_024

    /// Turns dictionaries off for a table wider than `dictionaryColumns` and shrinks its row
    /// groups to match. A row group of such a table holds too few rows per column for a
    /// dictionary to pay off, and the per-column hash tables would cost several times the
    /// values they index (about 4 KB a column: 80 MB at 20,000 columns). PLAIN's size estimate
    /// counts the value bytes where the dictionary's counted indices, so 5/8 of the size holds
    /// about as many values: what the next layer reads at once stays the same.
    static func adjust(_ options: inout ParquetWriterOptions, columns: Int) {
        guard columns > dictionaryColumns else { return }
        options.dictionaryEnabled = false
        options.rowGroupSize = options.rowGroupSize / 8 * 5
    }
}
