/// Decodes Parquet's RLE / bit-packing hybrid, bounds-checked against the input.
enum RLEHybridDecoder {
    /// Decodes exactly `count` values of `bitWidth` bits from `bytes[start..<end]`, appending
    /// them to `out`. Returns the position after the last run consumed.
    @discardableResult
    static func decode(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int, bitWidth: Int, count: Int,
                       into out: inout [UInt32]) throws -> Int {
        guard bitWidth >= 0, bitWidth <= 32 else { throw ParquetError.corrupt("RLE bit width \(bitWidth) is out of range") }
        guard start >= 0, end <= bytes.count, start <= end else { throw ParquetError.corrupt("RLE data outside its page") }
        var pos = start
        var produced = 0
        let byteWidth = (bitWidth + 7) / 8
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        while produced < count {
            // Header varint.
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard pos < end else { throw ParquetError.corrupt("RLE data ends after \(produced) of \(count) values") }
                let b = bytes[pos]
                pos += 1
                header |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift += 7
                guard shift < 64 else { throw ParquetError.corrupt("RLE run header is not a valid varint") }
            }
            if header & 1 == 0 {
                let runLength = header >> 1
                guard runLength > 0 else { throw ParquetError.corrupt("RLE run of length 0") }
                guard end - pos >= byteWidth else { throw ParquetError.corrupt("RLE run value is truncated") }
                var value: UInt64 = 0
                for k in 0..<byteWidth { value |= UInt64(bytes[pos + k]) << UInt64(8 * k) }
                pos += byteWidth
                guard value <= mask else { throw ParquetError.corrupt("RLE run value \(value) exceeds bit width \(bitWidth)") }
                let take = Int(min(runLength, UInt64(count - produced)))
                out.append(contentsOf: repeatElement(UInt32(value), count: take))
                produced += take
            } else {
                let groups = header >> 1
                guard groups > 0, groups <= UInt64(Int32.max) else { throw ParquetError.corrupt("bit-packed run has \(groups) groups") }
                let totalValues = Int(groups) * 8
                let neededBytes = Int(groups) * bitWidth
                // The last run may be cut short by writers that trim padding bytes.
                let available = min(neededBytes, end - pos)
                let take = min(totalValues, count - produced)
                guard take * bitWidth <= available * 8 else { throw ParquetError.corrupt("bit-packed run is truncated") }
                var accumulator: UInt64 = 0
                var bits = 0
                var p = pos
                for _ in 0..<take {
                    while bits < bitWidth {
                        accumulator |= UInt64(bytes[p]) << UInt64(bits)
                        p += 1
                        bits += 8
                    }
                    out.append(UInt32(truncatingIfNeeded: accumulator & mask))
                    accumulator >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
                produced += take
                pos += available
            }
        }
        return pos
    }
}
