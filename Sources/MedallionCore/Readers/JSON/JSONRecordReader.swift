/// NDJSON and JSON sources. The columns are every key of every record in order of first
/// appearance, so a first pass collects the keys (keeping only the key set in memory) and a
/// second pass delivers the records; a key missing from a record is a null. When a record
/// repeats a key, its last value wins (as in Python's `json` and JavaScript).
final class JSONRecordReader: RecordReader {
    private let cursor: JSONRecordCursor
    private let columnIndex: [String: Int]
    private var fields: [String?]
    private var record = RecordBuilder()
    let columnNames: [String]
    var recordNumber: Int { cursor.recordNumber }

    init(open: () throws -> any ByteStream, displayName: String, options: SourceOptions) throws {
        let discovery = try JSONRecordCursor(scanner: try JSONScanner(stream: try open(), displayName: displayName),
                                             format: options.format, recordsPath: options.recordsPath)
        var names: [String] = []
        var index: [String: Int] = [:]
        while try discovery.next(values: false, { key, _ in
            if index[key] == nil {
                index[key] = names.count
                names.append(key)
            }
        }) {}
        guard !names.isEmpty else {
            throw SourceError(.noColumns, file: displayName,
                              discovery.recordNumber == 0 ? "the source holds no records" : "the records have no keys")
        }
        // A blank key (`""`, or only spaces) cannot name a Parquet column: it becomes `column_N`,
        // as a blank CSV header does. Records are still matched by their keys as written.
        columnNames = ColumnNames.uniqued(names)
        columnIndex = index
        fields = [String?](repeating: nil, count: names.count)
        cursor = try JSONRecordCursor(scanner: try JSONScanner(stream: try open(), displayName: displayName),
                                      format: options.format, recordsPath: options.recordsPath)
    }

    func nextRecord(_ body: (RecordFields) throws -> Void) throws -> Bool {
        for i in fields.indices { fields[i] = nil }
        let index = columnIndex
        let more = try cursor.next(values: true) { key, value in
            if let column = index[key] { fields[column] = value }
        }
        guard more else { return false }
        record.reset()
        for value in fields { record.appendField(value) }
        try record.withFields(body)
        return true
    }
}
