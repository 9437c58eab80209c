/// NDJSON and JSON sources. The columns are every key of every record in order of first
/// appearance, so a first pass collects the keys (keeping only the key set in memory) and a
/// second pass delivers the records; a key missing from a record is a null. When a record
/// repeats a key, its last value wins (as in Python's `json` and JavaScript).
///
/// A source with no records (`[]`, an empty records array, an empty NDJSON file) is valid and
/// has no columns; records that all lack keys (`{}`) are an error, as nothing names a column.
final class JSONRecordReader: RecordReader {
    private let cursor: JSONRecordCursor?
    private let columnIndex: [String: Int]
    private var fields: [String?]
    private var record = RecordBuilder()
    let columnNames: [String]
    var recordNumber: Int { cursor?.recordNumber ?? 0 }

    init(open: () throws -> any ByteStream, displayName: String, options: SourceOptions) throws {
        let maxRecordBytes = options.maxRecordBytes
        let discovery = try JSONRecordCursor(
            scanner: try JSONScanner(stream: try open(), displayName: displayName, maxRecordBytes: maxRecordBytes),
            format: options.format, recordsPath: options.recordsPath)
        var names: [String] = []
        var index: [String: Int] = [:]
        let maxColumns = options.maxColumns
        while try discovery.next(values: false, { key, _ in
            guard index[key] == nil else { return }
            guard names.count < maxColumns else {
                // The keys are only known once the whole file is read; the first one too many
                // is enough to refuse it.
                throw SourceError(.tooManyColumns, file: displayName, record: discovery.recordNumber, line: discovery.scanner.line,
                                  column: key, SourceLimits.tooManyColumns("this is distinct key number \(maxColumns + 1): at least \(maxColumns + 1) columns", maximum: maxColumns))
            }
            index[key] = names.count
            names.append(key)
        }) {}
        guard !names.isEmpty || discovery.recordNumber == 0 else {
            throw SourceError(.noColumns, file: displayName, "the records have no keys (every record is {}), so there are no columns")
        }
        // A blank key (`""`, or only spaces) cannot name a Parquet column: it becomes `column_N`,
        // as a blank CSV header does. Records are still matched by their keys as written.
        columnNames = ColumnNames.uniqued(names)
        columnIndex = index
        fields = [String?](repeating: nil, count: names.count)
        // No records: nothing to read a second time.
        cursor = names.isEmpty ? nil : try JSONRecordCursor(
            scanner: try JSONScanner(stream: try open(), displayName: displayName, maxRecordBytes: maxRecordBytes),
            format: options.format, recordsPath: options.recordsPath)
    }

    func nextRecord(_ body: (RecordFields) throws -> Void) throws -> Bool {
        guard let cursor else { return false }
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
