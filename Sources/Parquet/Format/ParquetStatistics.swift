/// Column-chunk statistics (parquet.thrift `Statistics`); values are PLAIN-encoded bytes.
public struct ParquetStatistics: Sendable, Equatable {
    /// Deprecated signed-order fields, written for numeric columns for old readers.
    public var max: [UInt8]?
    public var min: [UInt8]?
    public var nullCount: Int64?
    public var distinctCount: Int64?
    /// Min and max under the column's type-defined order (strings: unsigned bytes).
    public var maxValue: [UInt8]?
    public var minValue: [UInt8]?

    public init() {}

    func write(_ id: Int16, to w: inout ThriftCompactWriter) {
        w.beginStructField(id)
        if let max { w.field(1, binary: max) }
        if let min { w.field(2, binary: min) }
        if let nullCount { w.field(3, i64: nullCount) }
        if let distinctCount { w.field(4, i64: distinctCount) }
        if let maxValue { w.field(5, binary: maxValue) }
        if let minValue { w.field(6, binary: minValue) }
        w.endStruct()
    }

    static func read(from r: inout ThriftCompactReader) throws -> ParquetStatistics {
        try r.beginStruct()
        var s = ParquetStatistics()
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .binary): s.max = try r.readBinary()
            case (2, .binary): s.min = try r.readBinary()
            case (3, .i64): s.nullCount = try r.readI64()
            case (4, .i64): s.distinctCount = try r.readI64()
            case (5, .binary): s.maxValue = try r.readBinary()
            case (6, .binary): s.minValue = try r.readBinary()
            default: try r.skip(type)
            }
        }
        r.endStruct()
        return s
    }
}
