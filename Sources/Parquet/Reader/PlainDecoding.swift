/// Bounds-checked decoders for PLAIN-encoded values.
enum PlainDecoding {
    /// `count` little-endian values of `width` (4 or 8) bytes, as zero-extended bit patterns.
    static func fixed(_ raw: UnsafeRawBufferPointer, from start: Int, count: Int, width: Int) throws -> [UInt64] {
        guard count >= 0, start >= 0, start <= raw.count, count <= (raw.count - start) / width else {
            throw ParquetError.corrupt("PLAIN page holds fewer than \(count) values of \(width) bytes")
        }
        var out = [UInt64](repeating: 0, count: count)
        for i in 0..<count {
            let offset = start + i * width
            out[i] = width == 4
                ? UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                : UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        return out
    }

    static func booleans(_ raw: UnsafeRawBufferPointer, from start: Int, count: Int) throws -> [Bool] {
        guard count >= 0, start >= 0, start <= raw.count, (count + 7) / 8 <= raw.count - start else {
            throw ParquetError.corrupt("PLAIN page holds fewer than \(count) booleans")
        }
        return (0..<count).map { i in raw[start + i / 8] >> UInt8(i % 8) & 1 == 1 }
    }

    static func byteArrays(_ raw: UnsafeRawBufferPointer, from start: Int, count: Int, into column: inout ByteArrayColumn) throws {
        guard count >= 0, start >= 0, start <= raw.count, count <= (raw.count - start) / 4 else {
            throw ParquetError.corrupt("PLAIN page holds fewer than \(count) byte arrays")
        }
        // Lengths first (validating the page), then one bulk copy.
        var position = start
        var total = 0
        for _ in 0..<count {
            guard raw.count - position >= 4 else { throw ParquetError.corrupt("byte array length runs past the page") }
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            position += 4
            guard length <= raw.count - position else { throw ParquetError.corrupt("byte array of \(length) bytes runs past the page") }
            position += length
            total += length
        }
        column.appendBulk(values: count, bytes: total) { writer in
            var position = start
            for _ in 0..<count {
                let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                position += 4
                writer.value(UnsafeRawBufferPointer(rebasing: raw[position..<position + length]))
                position += length
            }
        }
    }
}
