/// What `ParquetWriter.close()` produced.
public struct ParquetWriteSummary: Sendable {
    public var rows: Int64
    public var rowGroups: Int
    public var fileBytes: Int64

    public init(rows: Int64, rowGroups: Int, fileBytes: Int64) {
        self.rows = rows
        self.rowGroups = rowGroups
        self.fileBytes = fileBytes
    }
}
