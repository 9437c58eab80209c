import Foundation
import Lake
import Parquet
import TextEncoding

/// A database source's extract for one run: the NDJSON file, its hash and row count, and the
/// watermark after it. Dispatches to the engine's extractor.
struct DatabaseExtract {
    struct Result {
        var fetch: FetchResult
        var rows: Int64
        /// The greatest incremental column value extracted (JSON text), else the old watermark.
        var watermark: String?
    }

    /// Why the extract failed, naming the database (never its password) and what to fix.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ source: DatabaseSource, environment: PipelineEnvironment, to destination: URL, after watermark: String?) throws -> Result {
        switch source.engine {
        case .sqlite(let path):
            return try SQLiteExtract(source: source, path: environment.path(path).path).extract(to: destination, after: watermark)
        case .postgresql(let url):
            return try PostgresExtract(source: source, url: url).extract(to: destination, after: watermark)
        }
    }
}

/// Writes extracted rows as NDJSON (one object per row, values already JSON text), hashing the
/// bytes on their way to the file and flushing every megabyte: the extract never sits in memory.
final class NDJSONExtractWriter {
    private let handle: FileHandle
    private var hasher = StreamingSHA256()
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    private(set) var bytes: Int64 = 0
    private(set) var rows: Int64 = 0

    init(_ destination: URL) throws {
        guard FileManager.default.createFile(atPath: destination.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: destination) else {
            throw DatabaseExtract.Failure(description: "cannot write the extract to \(destination.path)")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    deinit { try? handle.close() }

    func field(_ name: String, json: String) {
        buffer.append(fieldsInRow == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
        buffer.append(contentsOf: JSONStringEscaping.quoted(name).utf8)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: json.utf8)
        fieldsInRow += 1
    }

    func endRow() {
        if fieldsInRow == 0 { buffer.append(UInt8(ascii: "{")) }
        buffer.append(contentsOf: "}\n".utf8)
        fieldsInRow = 0
        rows += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    func finish() -> FetchResult {
        flush()
        return FetchResult(notModified: false, sha256: hasher.finalizeHex(), bytes: bytes, etag: nil, lastModified: nil)
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { hasher.update($0) }
        handle.write(Data(buffer))
        bytes += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }
}
