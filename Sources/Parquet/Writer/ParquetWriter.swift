import Dispatch

/// Streams column batches into a Parquet file: open with a schema, `write` batches
/// repeatedly, `close` to write the footer. Row groups are flushed when their buffered size
/// reaches `options.rowGroupSize`, or (after the first) at the row count the last group
/// predicts for that size, which bounds memory.
public final class ParquetWriter {
    private let sink: any OutputSink
    private let schema: ParquetSchema
    private let options: ParquetWriterOptions
    /// One emitter (page buffers + compression context) per encoding thread.
    private let emitters: [PageEmitter]
    /// Hand the columns to the encoding threads: one for appends, one for finishing row
    /// groups (their costs differ: finishing compresses the dictionary pages).
    private let appendScheduler: ColumnScheduler
    private let finishScheduler: ColumnScheduler
    private var columnWriters: [any ColumnChunkWriter] = []
    private var position: Int64 = 0
    /// The closed row groups' footer entries, already Thrift-encoded.
    private var encodedRowGroups = ThriftCompactWriter()
    private var rowGroupCount = 0
    private var rowsInGroup = 0
    private var totalRows: Int64 = 0
    private var closed = false
    /// Rows appended per column before moving to the next column and checking the row-group
    /// size, in the first row group. Long slices keep one column's dictionary hot in cache;
    /// the size adapts so that a slice stays a small fraction of a row group.
    private var sliceRows = 1024
    /// Rows per row group after the first: the last full group's rows scaled to
    /// `rowGroupSize` by its buffered size (nil until one was flushed). Knowing where the group
    /// ends lets the columns take whole batches between two checks of the size, which on
    /// several encoding threads means one wait for the slowest thread per batch instead of one
    /// per slice (245 MB NSDE Bronze, 64k-row batches: 13% less wall time). It depends on the
    /// data only, so the file is the same whatever the thread count.
    private var predictedGroupRows: Int?

    /// Opens a writer and writes the leading magic bytes to `sink`. `observers` maps flat
    /// string columns (by schema index) to what should see their distinct values.
    public init(sink: any OutputSink, schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions(),
                observers: [Int: any DistinctValueObserver] = [:]) throws {
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
        for index in observers.keys where !schema.columns.indices.contains(index) || schema.columns[index].type != .string {
            throw ParquetError.invalidSchema("a distinct-value observer needs a flat string column; column \(index) is not one")
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
        appendScheduler = ColumnScheduler(columns: schema.columns.count, threads: groups)
        finishScheduler = ColumnScheduler(columns: schema.columns.count, threads: groups)
        columnWriters = schema.columns.indices.map {
            makeColumnWriter(for: schema.columns[$0], emitter: emitters[0], observer: observers[$0])
        }
        try writeBytes(Array("PAR1".utf8))
    }

    private func makeColumnWriter(for column: ParquetColumn, emitter: PageEmitter,
                                  observer: (any DistinctValueObserver)?) -> any ColumnChunkWriter {
        if case .list(let element) = column.type {
            let shape = LevelShape.list(nullable: column.nullable)
            return ListColumnWriter(shape: shape, leaf: makeLeafWriter(for: element, levels: shape, emitter: emitter))
        }
        return makeLeafWriter(for: column.type, levels: .flat(nullable: column.nullable), encoding: column.encoding,
                              emitter: emitter, observer: observer)
    }

    private func makeLeafWriter(for type: ParquetType, levels: LevelShape, encoding: ParquetValueEncoding = .automatic,
                                emitter: PageEmitter, observer: (any DistinctValueObserver)? = nil) -> any LeafColumnWriter {
        switch type {
        case .boolean:
            return BooleanColumnWriter(levels: levels, options: options, emitter: emitter)
        case .string:
            return ByteArrayColumnWriter(levels: levels, options: options, emitter: emitter, observer: observer)
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
            var step = sliceRows
            if let predicted = predictedGroupRows {
                // Up to the predicted end of the group, at most half a group between checks,
                // and no more string bytes than a row group holds: rows much wider than the
                // last group's still end it in time.
                step = min(max(1, predicted - rowsInGroup), max(sliceRows, predicted / 2))
                step = Self.rows(of: batch, from: start, limit: min(step, rows - start), stringBytes: options.rowGroupSize)
            }
            let end = min(start + step, rows)
            try appendScheduler.forEachColumn { index, thread in
                let writer = columnWriters[index]
                writer.use(emitters[thread])
                try writer.append(batch.columns[index], range: start..<end)
            }
            rowsInGroup += end - start
            totalRows += Int64(end - start)
            start = end
            let buffered = bufferedSize
            if predictedGroupRows == nil && rowsInGroup > 0 && buffered > 0 {
                let bytesPerRow = max(1, buffered / rowsInGroup)
                sliceRows = min(64 * 1024, max(1024, options.rowGroupSize / 16 / bytesPerRow))
            }
            if buffered >= options.rowGroupSize || predictedGroupRows.map({ rowsInGroup >= $0 }) == true {
                let groupRows = rowsInGroup
                try flushRowGroup()
                let scaled = Double(groupRows) * Double(options.rowGroupSize) / Double(max(buffered, 1))
                predictedGroupRows = max(1, Int(min(scaled, Double(Int32.max))))
            }
        }
    }

    /// The most rows from `start` (at least one, at most `limit`) whose values take at most
    /// `stringBytes` bytes in each string column.
    private static func rows(of batch: ColumnBatch, from start: Int, limit: Int, stringBytes budget: Int) -> Int {
        var rows = limit
        for case .byteArrays(let column) in batch.columns {
            column.offsets.withUnsafeBufferPointer { offsets in
                let base = offsets[start]
                guard offsets[start + rows] - base > budget else { return }
                // The largest count whose bytes fit: offsets only grow, so bisect.
                var low = 0, high = rows
                while low < high {
                    let middle = (low + high + 1) / 2
                    if offsets[start + middle] - base <= budget { low = middle } else { high = middle - 1 }
                }
                rows = low
            }
        }
        return max(1, rows)
    }

    private var bufferedSize: Int { columnWriters.reduce(0) { $0 + $1.estimatedSize } }

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
        try finishScheduler.forEachColumn { index, thread in
            let writer = columnWriters[index]
            writer.use(emitters[thread])
            finished[index] = try writer.finish()
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
