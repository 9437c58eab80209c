import Dispatch

/// Streams column batches into a Parquet file: open with a schema, `write` batches
/// repeatedly, `close` to write the footer. Row groups are flushed when their buffered size
/// reaches `options.rowGroupSize`, which bounds memory.
public final class ParquetWriter {
    private let sink: any OutputSink
    private let schema: ParquetSchema
    private let options: ParquetWriterOptions
    /// One emitter (page buffers + compression context) per encoding thread; column i
    /// belongs to group `i % emitters.count` and only that group's thread touches it.
    private let emitters: [PageEmitter]
    private var columnWriters: [any ColumnChunkWriter] = []
    private var position: Int64 = 0
    /// The closed row groups' footer entries, already Thrift-encoded.
    private var encodedRowGroups = ThriftCompactWriter()
    private var rowGroupCount = 0
    private var rowsInGroup = 0
    private var totalRows: Int64 = 0
    private var closed = false
    /// Rows appended per column before moving to the next column and checking the row-group
    /// size. Long slices keep one column's dictionary hot in cache; the size adapts so that a
    /// slice stays a small fraction of a row group.
    private var sliceRows = 1024

    /// Opens a writer and writes the leading magic bytes to `sink`.
    public init(sink: any OutputSink, schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        guard !schema.columns.isEmpty else { throw ParquetError.invalidSchema("a schema needs at least one column") }
        var seen = Set<String>()
        for column in schema.columns {
            guard !column.name.isEmpty else { throw ParquetError.invalidSchema("column names must not be empty") }
            guard seen.insert(column.name).inserted else {
                throw ParquetError.invalidSchema("column '\(column.name)' appears twice; names must be unique")
            }
            if case .list(let element) = column.type, !element.isScalar {
                throw ParquetError.invalidSchema("column '\(column.name)' is a list of lists; only lists of scalars are supported")
            }
            if let problem = column.encodingProblem { throw ParquetError.invalidSchema(problem) }
        }
        if case .zstd(let level) = options.compression, !(1...22).contains(level) {
            throw ParquetError.invalidSchema("ZSTD level \(level) is outside 1...22")
        }
        guard options.dataPageSize > 0, options.rowGroupSize > 0, options.dictionaryPageSizeLimit >= 0 else {
            throw ParquetError.invalidSchema("page, row-group and dictionary sizes must be positive")
        }
        self.sink = sink
        self.schema = schema
        self.options = options
        guard options.encodingThreads >= 1 else { throw ParquetError.invalidSchema("encodingThreads must be at least 1") }
        let groups = min(options.encodingThreads, schema.columns.count)
        emitters = (0..<groups).map { _ in PageEmitter(compression: options.compression, dataPageVersion: options.dataPageVersion) }
        columnWriters = schema.columns.indices.map { makeColumnWriter(for: schema.columns[$0], emitter: emitters[$0 % groups]) }
        try writeBytes(Array("PAR1".utf8))
    }

    private func makeColumnWriter(for column: ParquetColumn, emitter: PageEmitter) -> any ColumnChunkWriter {
        if case .list(let element) = column.type {
            let shape = LevelShape.list(nullable: column.nullable)
            return ListColumnWriter(shape: shape, leaf: makeLeafWriter(for: element, levels: shape, emitter: emitter))
        }
        return makeLeafWriter(for: column.type, levels: .flat(nullable: column.nullable), encoding: column.encoding, emitter: emitter)
    }

    private func makeLeafWriter(for type: ParquetType, levels: LevelShape, encoding: ParquetValueEncoding = .automatic,
                                emitter: PageEmitter) -> any LeafColumnWriter {
        switch type {
        case .boolean:
            return BooleanColumnWriter(levels: levels, options: options, emitter: emitter)
        case .string:
            return ByteArrayColumnWriter(levels: levels, options: options, emitter: emitter)
        case .int32:
            return FixedWidthColumnWriter<Int32>(levels: levels, options: options, encoding: encoding, emitter: emitter) {
                if case .int32s(let v) = $0 { return v } else { return nil }
            }
        case .date:
            return FixedWidthColumnWriter<Int32>(levels: levels, options: options, encoding: encoding, emitter: emitter) {
                if case .dates(let v) = $0 { return v } else { return nil }
            }
        case .int64:
            return FixedWidthColumnWriter<Int64>(levels: levels, options: options, encoding: encoding, emitter: emitter) {
                if case .int64s(let v) = $0 { return v } else { return nil }
            }
        case .timestampMicros:
            return FixedWidthColumnWriter<Int64>(levels: levels, options: options, encoding: encoding, emitter: emitter) {
                if case .timestampsMicros(let v) = $0 { return v } else { return nil }
            }
        case .double:
            return FixedWidthColumnWriter<Double>(levels: levels, options: options, encoding: encoding, emitter: emitter) {
                if case .doubles(let v) = $0 { return v } else { return nil }
            }
        case .list:
            // init rejects lists of lists before any writer is made.
            preconditionFailure("lists of lists have no leaf writer")
        }
    }

    /// Appends a batch. Nothing is written when the batch does not match the schema.
    public func write(_ batch: ColumnBatch) throws {
        guard !closed else { throw ParquetError.writerClosed }
        try validate(batch)
        let rows = batch.rowCount
        var start = 0
        while start < rows {
            let end = min(start + sliceRows, rows)
            try forEachGroup { group in
                for index in stride(from: group, to: columnWriters.count, by: emitters.count) {
                    try columnWriters[index].append(batch.columns[index], range: start..<end)
                }
            }
            rowsInGroup += end - start
            totalRows += Int64(end - start)
            start = end
            let buffered = bufferedSize
            if rowsInGroup > 0 && buffered > 0 {
                let bytesPerRow = max(1, buffered / rowsInGroup)
                sliceRows = min(64 * 1024, max(1024, options.rowGroupSize / 16 / bytesPerRow))
            }
            if buffered >= options.rowGroupSize { try flushRowGroup() }
        }
    }

    private var bufferedSize: Int { columnWriters.reduce(0) { $0 + $1.estimatedSize } }

    /// Runs `body` for every column group, side by side when there are several; rethrows
    /// the first group's error (by group order) after all have finished.
    private func forEachGroup(_ body: (Int) throws -> Void) throws {
        let groups = emitters.count
        if groups == 1 { return try body(0) }
        let failures = UnsafeMutableBufferPointer<(any Error)?>.allocate(capacity: groups)
        failures.initialize(repeating: nil)
        defer { failures.deallocate() }
        withoutActuallyEscaping(body) { body in
            let work = GroupWork(body: body, failures: failures)
            DispatchQueue.concurrentPerform(iterations: groups) { work.run($0) }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
    }

    /// One row group's work for `concurrentPerform`. Unchecked: group g touches only the
    /// columns i with i % groups == g, their shared emitter g and failure slot g, so no two
    /// threads share mutable state; `concurrentPerform` returns only when all are done.
    private struct GroupWork: @unchecked Sendable {
        let body: (Int) throws -> Void
        let failures: UnsafeMutableBufferPointer<(any Error)?>

        func run(_ group: Int) {
            do { try body(group) } catch { failures[group] = error }
        }
    }

    private func validate(_ batch: ColumnBatch) throws {
        guard batch.columns.count == schema.columns.count else {
            throw ParquetError.invalidBatch("batch has \(batch.columns.count) columns, the schema \(schema.columns.count)")
        }
        let rows = batch.rowCount
        for (column, values) in zip(schema.columns, batch.columns) {
            guard values.parquetType == column.type else {
                throw ParquetError.invalidBatch("column '\(column.name)' is \(column.type.name) but the batch holds \(values.parquetType.name) values")
            }
            guard values.count == rows else {
                throw ParquetError.invalidBatch("column '\(column.name)' has \(values.count) values, the first column \(rows); all columns need the same length")
            }
            if !column.nullable && values.nullCount > 0 {
                throw ParquetError.invalidBatch("column '\(column.name)' is REQUIRED but the batch has \(values.nullCount) null(s); declare it nullable or fill the nulls")
            }
        }
    }

    private func flushRowGroup() throws {
        guard rowsInGroup > 0 else { return }
        var chunks: [ParquetColumnChunkMetadata] = []
        let groupStart = position
        var uncompressedTotal: Int64 = 0
        // Last pages and dictionary pages are encoded (and compressed) side by side too.
        let finished = UnsafeMutableBufferPointer<EncodedColumnChunk>.allocate(capacity: columnWriters.count)
        finished.initialize(repeating: EncodedColumnChunk())
        defer { finished.deinitialize().deallocate() }
        try forEachGroup { group in
            for index in stride(from: group, to: columnWriters.count, by: emitters.count) {
                finished[index] = try columnWriters[index].finish()
            }
        }
        for (index, column) in schema.columns.enumerated() {
            let encoded = finished[index]
            let chunkStart = position
            var dictionaryOffset: Int64?
            if !encoded.dictionaryPage.isEmpty {
                dictionaryOffset = position
                try writeBytes(encoded.dictionaryPage)
            }
            let dataOffset = position
            try writeBytes(encoded.dataPages)
            uncompressedTotal += Int64(encoded.totalUncompressedSize)
            chunks.append(ParquetColumnChunkMetadata(
                filePath: nil, fileOffset: chunkStart, physicalType: column.type.physicalType,
                encodings: encoded.encodings.sorted(), pathInSchema: column.type.isScalar ? [column.name] : [column.name, "list", "element"], codec: emitters[0].codec.rawValue,
                numValues: Int64(encoded.numValues), totalUncompressedSize: Int64(encoded.totalUncompressedSize),
                totalCompressedSize: Int64(encoded.totalCompressedSize), dataPageOffset: dataOffset,
                dictionaryPageOffset: dictionaryOffset, statistics: encoded.statistics, encodingStats: encoded.encodingStats))
        }
        ParquetRowGroupMetadata(
            columns: chunks, totalByteSize: uncompressedTotal, numRows: Int64(rowsInGroup), fileOffset: groupStart,
            totalCompressedSize: position - groupStart, ordinal: Int16(truncatingIfNeeded: rowGroupCount)
        ).write(to: &encodedRowGroups)
        rowGroupCount += 1
        rowsInGroup = 0
    }

    /// Flushes the last row group, writes the footer and closes the sink.
    public func close() throws -> ParquetWriteSummary {
        guard !closed else { throw ParquetError.writerClosed }
        closed = true
        try flushRowGroup()
        let footer = ParquetFileMetadata(
            version: 1, schema: schemaElements(), numRows: totalRows, rowGroups: [],
            keyValueMetadata: options.keyValueMetadata.sorted { $0.key < $1.key }.map { ParquetKeyValue(key: $0.key, value: $0.value) },
            createdBy: ParquetLibrary.createdBy, typeDefinedColumnOrders: schema.columns.count)
        let (head, tail) = footer.encodedAround(rowGroupCount: rowGroupCount)
        try writeBytes(head)
        try writeBytes(encodedRowGroups.bytes)
        try writeBytes(tail)
        guard let footerLength = UInt32(exactly: head.count + encodedRowGroups.bytes.count + tail.count) else {
            throw ParquetError.invalidBatch("the footer outgrew Parquet's 4 GiB limit; write fewer row groups or columns")
        }
        encodedRowGroups.reset()
        try writeBytes(withUnsafeBytes(of: footerLength.littleEndian) { Array($0) } + Array("PAR1".utf8))
        try sink.close()
        // A closed writer keeps no column state (20,000 columns' page buffers in a wide file).
        columnWriters.removeAll()
        return ParquetWriteSummary(rows: totalRows, rowGroups: rowGroupCount, fileBytes: position)
    }

    private func schemaElements() -> [ParquetSchemaElement] {
        var elements = [ParquetSchemaElement(name: "schema", numChildren: Int32(schema.columns.count))]
        for column in schema.columns {
            let repetition: Repetition = column.nullable ? .optional : .required
            guard case .list(let elementType) = column.type else {
                elements.append(Self.leafElement(name: column.name, type: column.type, repetition: repetition))
                continue
            }
            // The standard three-level LIST: what pyarrow, DuckDB, Spark and parquet-java write.
            elements.append(ParquetSchemaElement(name: column.name, repetition: repetition, numChildren: 1,
                                                 convertedType: ConvertedType.list.rawValue, logicalType: .list))
            elements.append(ParquetSchemaElement(name: "list", repetition: .repeated, numChildren: 1))
            elements.append(Self.leafElement(name: "element", type: elementType, repetition: .optional))
        }
        return elements
    }

    private static func leafElement(name: String, type: ParquetType, repetition: Repetition) -> ParquetSchemaElement {
        var element = ParquetSchemaElement(name: name, physicalType: type.physicalType, repetition: repetition)
        switch type {
        case .string:
            element.logicalType = .string
            element.convertedType = ConvertedType.utf8.rawValue
        case .date:
            element.logicalType = .date
            element.convertedType = ConvertedType.date.rawValue
        case .timestampMicros:
            element.logicalType = .timestamp(unit: .micros, adjustedToUTC: true)
            element.convertedType = ConvertedType.timestampMicros.rawValue
        case .boolean, .int32, .int64, .double, .list:
            break
        }
        return element
    }

    private func writeBytes(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try sink.write($0) }
        position += Int64(bytes.count)
    }
}
