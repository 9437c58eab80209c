import Foundation
import Testing
@testable import MedallionCore

/// A decompressor may hand out fewer than three bytes at first; the UTF-8 BOM must still be
/// recognised and dropped, for CSV and JSON alike.
@Suite struct ShortFirstReadByteOrderMarkTests {
    /// Hands out its bytes `chunk` at a time.
    final class TrickleStream: ByteStream {
        private let bytes: [UInt8]
        private let chunk: Int
        private var offset = 0
        init(_ bytes: [UInt8], chunk: Int) {
            self.bytes = bytes
            self.chunk = chunk
        }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = min(chunk, buffer.count, bytes.count - offset)
            for i in 0..<n { buffer[i] = bytes[offset + i] }
            offset += n
            return n
        }
    }

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Test(arguments: [1, 2]) func csvHeaderAfterABOMReadInPieces(_ chunk: Int) throws {
        let stream = TrickleStream(Self.bom + Array("id,name\n1,a\n".utf8), chunk: chunk)
        let reader = try CSVRecordReader(stream: stream, displayName: "t.csv", options: SourceOptions(format: .csv))
        #expect(reader.columnNames == ["id", "name"])
        var rows: [[String?]] = []
        while try reader.nextRecord({ rows.append($0.strings) }) {}
        #expect(rows == [["1", "a"]])
    }

    @Test(arguments: [1, 2]) func ndjsonAfterABOMReadInPieces(_ chunk: Int) throws {
        let text = Self.bom + Array("{\"id\": 1}\n".utf8)
        let reader = try JSONRecordReader(open: { TrickleStream(text, chunk: chunk) }, displayName: "t.ndjson",
                                          options: SourceOptions(format: .ndjson))
        #expect(reader.columnNames == ["id"])
    }
}
