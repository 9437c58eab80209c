/// The first `limit` records of a source (`run --sample N`); the rest is never parsed.
final class FirstRecords: RecordReader {
    private let inner: any RecordReader
    private let limit: Int
    private var delivered = 0

    init(_ inner: any RecordReader, limit: Int) {
        self.inner = inner
        self.limit = limit
    }

    var columnNames: [String] { inner.columnNames }
    var recordNumber: Int { inner.recordNumber }

    func nextRecord(_ body: (RecordFields) throws -> Void) throws -> Bool {
        guard delivered < limit, try inner.nextRecord(body) else { return false }
        delivered += 1
        return true
    }

    func nextRecords(limit wanted: Int, _ body: (RecordFields, Int) throws -> Void) throws -> Int {
        let count = try inner.nextRecords(limit: min(wanted, limit - delivered), body)
        delivered += count
        return count
    }
}
