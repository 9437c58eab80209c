/// A page header (parquet.thrift `PageHeader` with its data/dictionary/v2 sub-headers).
struct PageHeader {
    var type: Int32
    var uncompressedPageSize: Int32
    var compressedPageSize: Int32
    /// Data page v1 and v2, and dictionary pages.
    var numValues: Int32 = 0
    var encoding: Int32 = Encoding.plain.rawValue
    var definitionLevelEncoding: Int32 = Encoding.rle.rawValue
    var repetitionLevelEncoding: Int32 = Encoding.rle.rawValue
    /// Data page v2 only.
    var numNulls: Int32 = 0
    var numRows: Int32 = 0
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed = true

    func write(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.field(1, i32: type)
        w.field(2, i32: uncompressedPageSize)
        w.field(3, i32: compressedPageSize)
        switch PageType(rawValue: type) {
        case .dataPage:
            w.beginStructField(5)
            w.field(1, i32: numValues)
            w.field(2, i32: encoding)
            w.field(3, i32: definitionLevelEncoding)
            w.field(4, i32: repetitionLevelEncoding)
            w.endStruct()
        case .dictionaryPage:
            w.beginStructField(7)
            w.field(1, i32: numValues)
            w.field(2, i32: encoding)
            w.endStruct()
        case .dataPageV2:
            w.beginStructField(8)
            w.field(1, i32: numValues)
            w.field(2, i32: numNulls)
            w.field(3, i32: numRows)
            w.field(4, i32: encoding)
            w.field(5, i32: definitionLevelsByteLength)
            w.field(6, i32: repetitionLevelsByteLength)
            w.field(7, bool: isCompressed)
            w.endStruct()
        case .indexPage, nil:
            break
        }
        w.endStruct()
    }

    /// Decodes a header starting at `start`; returns it with the offset of the page body.
    static func read(_ bytes: [UInt8], start: Int) throws -> (PageHeader, bodyStart: Int) {
        var r = ThriftCompactReader(bytes, start: start)
        try r.beginStruct()
        var type: Int32?
        var uncompressed: Int32?
        var compressed: Int32?
        var h = PageHeader(type: 0, uncompressedPageSize: 0, compressedPageSize: 0)
        while let (id, fieldType) = try r.readFieldHeader() {
            switch (id, fieldType) {
            case (1, .i32): type = try r.readI32()
            case (2, .i32): uncompressed = try r.readI32()
            case (3, .i32): compressed = try r.readI32()
            case (5, .structure), (7, .structure), (8, .structure):
                try r.beginStruct()
                while let (sub, subType) = try r.readFieldHeader() {
                    switch (id, sub, subType) {
                    case (_, 1, .i32): h.numValues = try r.readI32()
                    case (5, 2, .i32), (7, 2, .i32), (8, 4, .i32): h.encoding = try r.readI32()
                    case (5, 3, .i32): h.definitionLevelEncoding = try r.readI32()
                    case (5, 4, .i32): h.repetitionLevelEncoding = try r.readI32()
                    case (8, 2, .i32): h.numNulls = try r.readI32()
                    case (8, 3, .i32): h.numRows = try r.readI32()
                    case (8, 5, .i32): h.definitionLevelsByteLength = try r.readI32()
                    case (8, 6, .i32): h.repetitionLevelsByteLength = try r.readI32()
                    case (8, 7, .boolTrue), (8, 7, .boolFalse): h.isCompressed = try r.readBool()
                    default: try r.skip(subType)
                    }
                }
                r.endStruct()
            default: try r.skip(fieldType)
            }
        }
        r.endStruct()
        guard let type, let uncompressed, let compressed else { throw ParquetError.thrift("page header lacks a required field") }
        guard uncompressed >= 0, compressed >= 0 else { throw ParquetError.corrupt("negative page size in page header") }
        h.type = type
        h.uncompressedPageSize = uncompressed
        h.compressedPageSize = compressed
        return (h, r.position)
    }
}
