import Foundation
/// Reads a Parquet file of scalar and list-of-scalar columns one row group at a time through positioned reads: only the
/// footer and the column chunks being decoded are ever in memory.
public final class ParquetFileReader {
    /// The footer's file-level fields. Its `rowGroups` is empty: each group's column chunk
    /// entries are decoded when the group is read (`footer()` decodes everything).
    public let metadata: ParquetFileMetadata
    /// The file's columns as Medallion types.
    public let schema: ParquetSchema
    private let descriptors: [ColumnDescriptor]
    /// Column position by name (the first, should a file repeat one): a projection of
    /// thousands of columns is looked up per row group, which a linear search made quadratic.
    private let indexByName: [String: Int]
    private let file: RandomAccessFile
    private let decompressor = PageDecompressor()
    /// Footer start; column data must lie before it.
    private let dataEnd: Int64
    /// The encoded footer and where each row group's entry lies in it.
    private let footerBytes: [UInt8]
    private let groups: [DeferredRowGroup]

    /// Opens `path` and decodes its footer; fails with `ParquetError` when the file is not
    /// Parquet, is truncated, or uses a schema this reader cannot map.
    public init(path: String) throws {
        file = try RandomAccessFile(path: path)
        let (footer, footerStart) = try Self.readFooter(file)
        (metadata, groups) = try ParquetFileMetadata.decode(footer, deferringRowGroups: true)
        footerBytes = footer
        dataEnd = footerStart
        descriptors = try Self.describeColumns(metadata)
        indexByName = Dictionary(descriptors.enumerated().map { ($1.column.name, $0) }, uniquingKeysWith: { first, _ in first })
        schema = ParquetSchema(descriptors.map(\.column))
        for (index, group) in groups.enumerated() {
            guard group.numRows >= 0 else { throw ParquetError.corrupt("row group \(index) has a negative row count") }
        }
    }

    /// Decodes only the footer of `path` (works for any schema, e.g. nested ones).
    public static func readMetadata(path: String) throws -> ParquetFileMetadata {
        try ParquetFileMetadata.decode(readFooter(RandomAccessFile(path: path)).0)
    }

    /// The whole footer, every row group's column chunk entries included.
    public func footer() throws -> ParquetFileMetadata {
        try ParquetFileMetadata.decode(footerBytes)
    }

    public var rowGroupCount: Int { groups.count }
    public var rowCount: Int64 { metadata.numRows }
    /// Rows of each row group, in file order.
    public var rowGroupRowCounts: [Int64] { groups.map(\.numRows) }

    /// The schema of a projection (all columns when `columns` is nil), in the order asked.
    public func schema(columns: [String]?) throws -> ParquetSchema {
        ParquetSchema(try columnIndices(columns).map { descriptors[$0].column })
    }

    /// Decodes row group `index`, limited to `columns` (in that order) when given. With
    /// `threads` > 1, columns are decoded side by side (each worker with its own decompressor);
    /// the result is the same.
    public func readRowGroup(_ index: Int, columns: [String]? = nil, threads: Int = 1) throws -> ColumnBatch {
        let (group, selected) = try checkedGroup(index, columns: columns)
        let workers = max(1, min(threads, selected.count))
        if workers == 1 {
            return ColumnBatch(try selected.map { try decode(group.columns[$0], descriptors[$0], rows: group.numRows, decompressor) })
        }
        let decompressors = (0..<workers).map { _ in PageDecompressor() }
        return ColumnBatch(try ParallelMap.map(count: selected.count, threads: workers) { worker, slot in
            let column = selected[slot]
            return try decode(group.columns[column], descriptors[column], rows: group.numRows, decompressors[worker])
        })
    }

    /// Decodes row group `index` limited to `columns` (in that order), keeping each flat
    /// column dictionary-coded when every data page of its chunk is (`DecodedColumn`), and
    /// decoding it as `readRowGroup` does otherwise (PLAIN pages, lists). Several threads may
    /// read different row groups at once: each call decompresses with its own context, and the
    /// file is read with positioned reads.
    public func readRowGroupCoded(_ index: Int, columns: [String]? = nil) throws -> [DecodedColumn] {
        let (group, selected) = try checkedGroup(index, columns: columns)
        let decompressor = PageDecompressor()
        return try selected.map { column in
            let chunk = group.columns[column]
            let bytes = try file.read(offset: chunk.startOffset, count: Int(chunk.totalCompressedSize))
            let decoder = ColumnChunkDecoder(descriptor: descriptors[column], codec: chunk.codec, decompressor: decompressor)
            if let coded = try decoder.decodeDictionaryCoded(bytes, valueCount: Int(chunk.numValues), rowCount: Int(group.numRows)) {
                return .dictionaryCoded(coded)
            }
            return .values(try decoder.decode(bytes, valueCount: Int(chunk.numValues), rowCount: Int(group.numRows)))
        }
    }

    /// Row group `index`'s metadata and the positions of `columns`, every selected chunk checked.
    private func checkedGroup(_ index: Int, columns: [String]?) throws -> (ParquetRowGroupMetadata, [Int]) {
        guard groups.indices.contains(index) else {
            throw ParquetError.corrupt("row group \(index) does not exist (the file has \(rowGroupCount))")
        }
        let group = try groups[index].decode(footer: footerBytes)
        guard group.columns.count == descriptors.count else {
            throw ParquetError.corrupt("row group \(index) has \(group.columns.count) column chunks, the schema \(descriptors.count) columns")
        }
        guard group.numRows <= Int64(Int32.max) else { throw ParquetError.corrupt("row group \(index) claims \(group.numRows) rows") }
        let selected = try columnIndices(columns)
        for columnIndex in selected { try checkChunk(group.columns[columnIndex], descriptors[columnIndex], rows: group.numRows) }
        return (group, selected)
    }

    private func checkChunk(_ chunk: ParquetColumnChunkMetadata, _ descriptor: ColumnDescriptor, rows: Int64) throws {
        guard chunk.filePath == nil else {
            throw ParquetError.unsupported("column chunk stored in another file (\(chunk.filePath ?? ""))")
        }
        guard chunk.physicalType == descriptor.physicalType else {
            throw ParquetError.corrupt("column '\(descriptor.column.name)' chunk type \(chunk.physicalType.name) differs from the schema")
        }
        // A list column has a value (level entry) per element or null/empty list: at least one per row.
        guard descriptor.isList ? chunk.numValues >= rows && chunk.numValues <= Int64(Int32.max) : chunk.numValues == rows else {
            throw ParquetError.corrupt("column '\(descriptor.column.name)' has \(chunk.numValues) values in a row group of \(rows) rows")
        }
        guard chunk.startOffset >= 4, chunk.totalCompressedSize >= 0, chunk.totalCompressedSize <= dataEnd - chunk.startOffset else {
            throw ParquetError.corrupt("column '\(descriptor.column.name)' chunk at \(chunk.startOffset)+\(chunk.totalCompressedSize) lies outside the data section")
        }
    }

    private func decode(_ chunk: ParquetColumnChunkMetadata, _ descriptor: ColumnDescriptor, rows: Int64,
                        _ decompressor: PageDecompressor) throws -> ColumnValues {
        let bytes = try file.read(offset: chunk.startOffset, count: Int(chunk.totalCompressedSize))
        let decoder = ColumnChunkDecoder(descriptor: descriptor, codec: chunk.codec, decompressor: decompressor)
        return try decoder.decode(bytes, valueCount: Int(chunk.numValues), rowCount: Int(rows))
    }

    private func columnIndices(_ names: [String]?) throws -> [Int] {
        guard let names else { return Array(descriptors.indices) }
        return try names.map { name in
            guard let i = indexByName[name] else { throw ParquetError.unknownColumn(name) }
            return i
        }
    }

    private static func readFooter(_ file: RandomAccessFile) throws -> ([UInt8], Int64) {
        guard file.size >= 12 else { throw ParquetError.badMagic }
        let head = try file.read(offset: 0, count: 4)
        let tail = try file.read(offset: file.size - 8, count: 8)
        let magic = Array("PAR1".utf8)
        guard head == magic, Array(tail[4..<8]) == magic else { throw ParquetError.badMagic }
        let length = Int64(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard length > 0, length <= file.size - 12 else {
            throw ParquetError.footerLengthOutOfRange(length: length, fileSize: file.size)
        }
        let footerStart = file.size - 8 - length
        let footer = try file.read(offset: footerStart, count: Int(length))
        return (footer, footerStart)
    }

    static func describeColumns(_ metadata: ParquetFileMetadata) throws -> [ColumnDescriptor] {
        let schema = metadata.schema
        guard let root = schema.first else { throw ParquetError.corrupt("the schema is empty") }
        let children = Int(root.numChildren ?? 0)
        guard children >= 0, children < schema.count else {
            throw ParquetError.corrupt("the schema root has \(children) children but \(schema.count - 1) elements follow")
        }
        var names = Set<String>()
        var descriptors: [ColumnDescriptor] = []
        var index = 1
        for _ in 0..<children {
            guard index < schema.count else {
                throw ParquetError.corrupt("the schema root has \(children) children but the schema ends after \(descriptors.count)")
            }
            let element = schema[index]
            guard names.insert(element.name).inserted else { throw ParquetError.corrupt("column '\(element.name)' appears twice") }
            if (element.numChildren ?? 0) == 0 {
                descriptors.append(try ColumnDescriptor(element: element))
                index += 1
            } else {
                let (descriptor, used) = try ColumnDescriptor.list(in: schema, at: index)
                descriptors.append(descriptor)
                index += used
            }
        }
        guard index == schema.count else {
            throw ParquetError.unsupported("nested schema (root has \(children) children, \(schema.count - 1) elements follow)")
        }
        return descriptors
    }
}
