import Foundation

/// A source read record by record. Field values are UTF-8 text: a null is an unquoted empty
/// CSV field, a JSON null or a missing key; nested JSON values arrive as compact JSON text.
protocol RecordReader: AnyObject {
    /// Column names in source order (CSV header, or JSON keys in order of first appearance).
    var columnNames: [String] { get }
    /// 1-based number of the record last delivered (header excluded): the `_source_row`.
    var recordNumber: Int { get }
    /// Calls `body` with the next record's fields (one per column); false at the end.
    func nextRecord(_ body: (RecordFields) throws -> Void) throws -> Bool
    /// Calls `body` with up to `limit` records' fields and record numbers; returns how many
    /// it delivered, 0 at the end. Cheaper per record than `nextRecord` for bulk reading.
    func nextRecords(limit: Int, _ body: (RecordFields, Int) throws -> Void) throws -> Int
}

extension RecordReader {
    func nextRecords(limit: Int, _ body: (RecordFields, Int) throws -> Void) throws -> Int {
        var delivered = 0
        while delivered < limit, try nextRecord({ try body($0, recordNumber) }) {
            delivered += 1
        }
        return delivered
    }
}

/// Opens sources: undoes compression (by magic bytes, whatever the extension), picks the
/// zip member, and chooses the record reader for the format.
enum RecordReaders {
    static func open(path: String, displayName: String, options: SourceOptions) throws -> any RecordReader {
        let makeStream = { try Self.decompressedStream(path: path, displayName: displayName, options: options) }
        let reader: any RecordReader
        switch options.format {
        case .csv, .tsv:
            reader = try CSVRecordReader(stream: try makeStream(), displayName: displayName, options: options)
        case .ndjson, .json:
            reader = try JSONRecordReader(open: makeStream, displayName: displayName, options: options)
        }
        return options.maxRecords.map { FirstRecords(reader, limit: $0) } ?? reader
    }

    static func decompressedStream(path: String, displayName: String, options: SourceOptions) throws -> any ByteStream {
        let file = try FileByteStream(path: path, displayName: displayName)
        let magic = file.size >= 4 ? try file.pread(count: 4, at: 0) : []
        if magic.starts(with: [0x1F, 0x8B]) {
            return try InflateByteStream(file, container: .gzip, displayName: displayName)
        }
        if magic.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) {
            return try ZstdByteStream(file, displayName: displayName)
        }
        if magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) || magic.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let archive = try ZipArchive(file: file)
            let member = try archive.member(matching: options.archiveMember)
            return try archive.open(member)
        }
        return file
    }
}
