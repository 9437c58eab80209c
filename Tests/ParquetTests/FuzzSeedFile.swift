import Foundation
@testable import Parquet

/// A small Parquet file our writer produced, used as a fuzz seed, with where its footer and
/// its page headers lie and what is needed to decode each column chunk on its own.
struct FuzzSeedFile: Sendable {
    /// One column chunk, cut out of the file.
    struct Chunk: Sendable {
        let column: String
        let bytes: [UInt8]
        let descriptor: ColumnDescriptor
        let codec: Int32
        let valueCount: Int
        let rowCount: Int
        /// Each page header's bytes within `bytes`.
        let pageHeaders: [Range<Int>]
    }

    let name: String
    let bytes: [UInt8]
    /// The Thrift-encoded FileMetaData (before the length and the closing magic).
    let footer: Range<Int>
    /// Each page header's bytes within the file.
    let pageHeaders: [Range<Int>]
    let chunks: [Chunk]

    /// Seeds covering what the reader decodes: required and nullable flat columns of every
    /// type, dictionary, PLAIN and DELTA_BINARY_PACKED pages, ZSTD and uncompressed, data pages v1 and v2, several
    /// row groups, and LIST columns (null lists, empty lists, null elements).
    static func writeAll(in directory: URL) throws -> [FuzzSeedFile] {
        var plain = ParquetWriterOptions()
        plain.dictionaryEnabled = false
        plain.compression = .uncompressed
        plain.dataPageSize = 128
        plain.rowGroupSize = 512  // each batch below becomes a row group
        var v2 = ParquetWriterOptions()
        v2.dataPageVersion = .v2
        var v2Plain = plain
        v2Plain.dataPageVersion = .v2
        var deltaSchema = SampleData.schema
        for i in deltaSchema.columns.indices where [.int64, .int32, .date, .timestampMicros].contains(deltaSchema.columns[i].type) {
            deltaSchema.columns[i].encoding = .deltaBinaryPacked
        }
        // Few rows: every mutant is decoded, so the seeds' size sets the suites' running time.
        let files: [(String, ParquetSchema, [ColumnBatch], ParquetWriterOptions)] = [
            ("flat-zstd-dictionary", SampleData.schema, [SampleData.batch(rows: 0..<60)], ParquetWriterOptions()),
            ("flat-plain-uncompressed-row-groups", SampleData.schema,
             [SampleData.batch(rows: 0..<30), SampleData.batch(rows: 30..<60), SampleData.batch(rows: 60..<90)], plain),
            ("flat-v2", SampleData.schema, [SampleData.batch(rows: 0..<50)], v2),
            ("flat-delta-uncompressed-row-groups", deltaSchema,
             [SampleData.batch(rows: 0..<40), SampleData.batch(rows: 40..<80)], plain),
            ("list-zstd-dictionary", ListColumnTests.schema, [ListColumnTests.batch(rows: 6..<26)], ParquetWriterOptions()),
            ("list-v2-plain-uncompressed-row-groups", ListColumnTests.schema,
             [ListColumnTests.batch(rows: 6..<18), ListColumnTests.batch(rows: 18..<30)], v2Plain),
        ]
        return try files.map { name, schema, batches, options in
            let path = directory.appendingPathComponent("\(name).parquet").path
            let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
            for batch in batches { try writer.write(batch) }
            _ = try writer.close()
            return try FuzzSeedFile(name: name, path: path)
        }
    }

    /// Reads a flat-or-list Parquet file and locates its footer, chunks and page headers.
    init(name: String, path: String) throws {
        self.name = name
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        self.bytes = bytes
        let length = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
            | Int(bytes[bytes.count - 6]) << 16 | Int(bytes[bytes.count - 5]) << 24
        footer = (bytes.count - 8 - length)..<(bytes.count - 8)
        let metadata = try ParquetFileMetadata.decode(Array(bytes[footer]))
        let descriptors = try Self.descriptors(metadata.schema)
        var fileHeaders: [Range<Int>] = []
        var chunks: [Chunk] = []
        for group in metadata.rowGroups {
            for (chunk, descriptor) in zip(group.columns, descriptors) {
                let start = Int(chunk.startOffset)
                let chunkBytes = Array(bytes[start..<(start + Int(chunk.totalCompressedSize))])
                var headers: [Range<Int>] = []
                var position = 0
                while position < chunkBytes.count {
                    let (header, bodyStart) = try PageHeader.read(chunkBytes, start: position)
                    headers.append(position..<bodyStart)
                    position = bodyStart + Int(header.compressedPageSize)
                }
                fileHeaders += headers.map { ($0.lowerBound + start)..<($0.upperBound + start) }
                chunks.append(Chunk(column: descriptor.column.name, bytes: chunkBytes, descriptor: descriptor, codec: chunk.codec,
                                    valueCount: Int(chunk.numValues), rowCount: Int(group.numRows), pageHeaders: headers))
            }
        }
        pageHeaders = fileHeaders
        self.chunks = chunks
    }

    /// The leaf descriptors of a flat-or-list schema, as `ParquetFileReader` builds them.
    private static func descriptors(_ schema: [ParquetSchemaElement]) throws -> [ColumnDescriptor] {
        var descriptors: [ColumnDescriptor] = []
        var index = 1
        while index < schema.count {
            if (schema[index].numChildren ?? 0) == 0 {
                descriptors.append(try ColumnDescriptor(element: schema[index]))
                index += 1
            } else {
                let (descriptor, used) = try ColumnDescriptor.list(in: schema, at: index)
                descriptors.append(descriptor)
                index += used
            }
        }
        return descriptors
    }
}
