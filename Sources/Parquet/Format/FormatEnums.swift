/// Parquet physical types (parquet.thrift `Type`).
public enum PhysicalType: Int32, Sendable, Equatable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7

    public var name: String {
        switch self {
        case .boolean: return "BOOLEAN"
        case .int32: return "INT32"
        case .int64: return "INT64"
        case .int96: return "INT96"
        case .float: return "FLOAT"
        case .double: return "DOUBLE"
        case .byteArray: return "BYTE_ARRAY"
        case .fixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY"
        }
    }
}

/// Legacy converted types (parquet.thrift `ConvertedType`), only the ones we write or map.
enum ConvertedType: Int32 {
    case utf8 = 0, list = 3, date = 6, timestampMillis = 9, timestampMicros = 10
    case int8 = 15, int16 = 16, int32 = 17, int64 = 18
}

/// Field repetition (parquet.thrift `FieldRepetitionType`).
public enum Repetition: Int32, Sendable, Equatable {
    case required = 0, optional = 1, repeated = 2

    public var name: String {
        switch self {
        case .required: return "REQUIRED"
        case .optional: return "OPTIONAL"
        case .repeated: return "REPEATED"
        }
    }
}

/// Page and column encodings (parquet.thrift `Encoding`).
enum Encoding: Int32 {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
    case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9

    static func name(_ raw: Int32) -> String {
        switch Encoding(rawValue: raw) {
        case .plain: return "PLAIN"
        case .plainDictionary: return "PLAIN_DICTIONARY"
        case .rle: return "RLE"
        case .bitPacked: return "BIT_PACKED"
        case .deltaBinaryPacked: return "DELTA_BINARY_PACKED"
        case .deltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY"
        case .deltaByteArray: return "DELTA_BYTE_ARRAY"
        case .rleDictionary: return "RLE_DICTIONARY"
        case .byteStreamSplit: return "BYTE_STREAM_SPLIT"
        case nil: return "UNKNOWN(\(raw))"
        }
    }
}

/// Page codecs (parquet.thrift `CompressionCodec`).
enum CompressionCodec: Int32 {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7

    static func name(_ raw: Int32) -> String {
        switch CompressionCodec(rawValue: raw) {
        case .uncompressed: return "UNCOMPRESSED"
        case .snappy: return "SNAPPY"
        case .gzip: return "GZIP"
        case .lzo: return "LZO"
        case .brotli: return "BROTLI"
        case .lz4: return "LZ4"
        case .zstd: return "ZSTD"
        case .lz4Raw: return "LZ4_RAW"
        case nil: return "UNKNOWN(\(raw))"
        }
    }
}

/// Page kinds (parquet.thrift `PageType`).
enum PageType: Int32 {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}
