/// Reads a spill file of fixed-size records back in chunks.
struct SpillReader<T> {
    private let file: SpillFile
    private let chunk: Int
    private var buffer: [T] = []
    private var position = 0
    private var offset = 0

    init(file: SpillFile, chunk: Int) throws {
        self.file = file
        self.chunk = chunk
    }

    private mutating func refill() throws {
        buffer = try file.read(as: T.self, from: offset, count: chunk)
        offset += buffer.count
        position = 0
    }

    /// The next record, nil at the end of the file.
    mutating func next() throws -> T? {
        if position >= buffer.count {
            try refill()
            if buffer.isEmpty { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }
}
