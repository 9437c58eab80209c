/// Walks the pages of one column chunk: each page's header and where its body lies, checked
/// against the chunk's end before anything reads it.
struct ChunkPageCursor {
    let bytes: [UInt8]
    let column: String
    private var position = 0

    init(bytes: [UInt8], column: String) {
        self.bytes = bytes
        self.column = column
    }

    /// The next page; `decoded` of `total` values read so far name what is missing when the
    /// chunk ends early.
    mutating func next(decoded: Int, of total: Int) throws -> (header: PageHeader, body: Range<Int>) {
        guard position < bytes.count else {
            throw ParquetError.corrupt("column '\(column)' ends after \(decoded) of \(total) values")
        }
        let (header, bodyStart) = try PageHeader.read(bytes, start: position)
        let bodyEnd = bodyStart + Int(header.compressedPageSize)
        guard bodyEnd <= bytes.count, bodyEnd >= bodyStart else {
            throw ParquetError.corrupt("page of column '\(column)' runs past the end of its chunk")
        }
        position = bodyEnd
        return (header, bodyStart..<bodyEnd)
    }
}
