import Parquet

extension ColumnValues {
    /// Approximate bytes the values occupy in memory (optional scalars at their array stride).
    var footprintBytes: Int {
        switch self {
        case .booleans(let v): return v.count * MemoryLayout<Bool?>.stride
        case .int32s(let v), .dates(let v): return v.count * MemoryLayout<Int32?>.stride
        case .int64s(let v), .timestampsMicros(let v): return v.count * MemoryLayout<Int64?>.stride
        case .doubles(let v): return v.count * MemoryLayout<Double?>.stride
        case .byteArrays(let v): return v.byteCount + v.count * (MemoryLayout<Int>.stride + 1)
        case .lists(let v): return v.count * (MemoryLayout<Int>.stride + 1) + v.elements.footprintBytes
        }
    }
}
