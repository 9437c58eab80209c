/// DELTA_BINARY_PACKED (Parquet encoding 5) for INT32 and INT64 values: a header
/// `<block size> <miniblocks per block> <value count> <first value>`, then per block of 128
/// deltas the smallest delta and each miniblock's bit width, and the deltas minus that
/// smallest one bit-packed LSB first. Sizes are ULEB128, signed values zigzag ULEB128.
enum DeltaBinaryPacked {
    /// Deltas per block and per miniblock as parquet-java and arrow-rs write them, which
    /// every reader handles.
    static let blockSize = 128
    static let miniblocksPerBlock = 4
    static let miniblockSize = blockSize / miniblocksPerBlock

    // MARK: Encoding

    /// Appends the encoding of the little-endian values in `raw` (`width` 4 for INT32, 8 for
    /// INT64) to `out`.
    static func encode(littleEndian raw: UnsafeRawBufferPointer, width: Int, into out: inout [UInt8]) {
        if width == 4 {
            encode(raw, as: Int32.self, into: &out)
        } else {
            encode(raw, as: Int64.self, into: &out)
        }
    }

    /// Deltas wrap in `T`'s width: an INT32 column's packed deltas then need at most 32 bits,
    /// which readers of INT32 pages may insist on.
    private static func encode<T: FixedWidthInteger & SignedInteger>(_ raw: UnsafeRawBufferPointer, as _: T.Type,
                                                                     into out: inout [UInt8]) {
        let count = raw.count / MemoryLayout<T>.size
        @inline(__always) func value(_ i: Int) -> T {
            T(littleEndian: raw.loadUnaligned(fromByteOffset: i &* MemoryLayout<T>.size, as: T.self))
        }
        appendULEB128(UInt64(blockSize), to: &out)
        appendULEB128(UInt64(miniblocksPerBlock), to: &out)
        appendULEB128(UInt64(count), to: &out)
        guard count > 0 else {
            // Readers still expect the first value, though there is none.
            appendULEB128(0, to: &out)
            return
        }
        appendULEB128(zigzag(Int64(value(0))), to: &out)
        var deltas = [T](repeating: 0, count: blockSize)
        var packed = [UInt64](repeating: 0, count: miniblockSize)
        var previous = value(0)
        var next = 1
        while next < count {
            let inBlock = min(blockSize, count &- next)
            var minDelta = T.max
            for k in 0..<inBlock {
                let current = value(next &+ k)
                let delta = current &- previous
                deltas[k] = delta
                if delta < minDelta { minDelta = delta }
                previous = current
            }
            next &+= inBlock
            appendULEB128(zigzag(Int64(minDelta)), to: &out)
            let usedMiniblocks = (inBlock &+ miniblockSize &- 1) / miniblockSize
            let widthsAt = out.count
            // Bit widths go ahead of the bodies; unused miniblocks of the last block keep 0.
            out.append(contentsOf: repeatElement(0, count: miniblocksPerBlock))
            for m in 0..<usedMiniblocks {
                let start = m &* miniblockSize
                let end = min(start &+ miniblockSize, inBlock)
                var union: UInt64 = 0
                for k in 0..<miniblockSize {
                    // The last miniblock is padded with zeros to its full size.
                    let u = start &+ k < end ? UInt64(truncatingIfNeeded: T.Magnitude(truncatingIfNeeded: deltas[start &+ k] &- minDelta)) : 0
                    packed[k] = u
                    union |= u
                }
                let bitWidth = UInt64.bitWidth &- union.leadingZeroBitCount
                out[widthsAt &+ m] = UInt8(bitWidth)
                pack(packed, bitWidth: bitWidth, into: &out)
            }
        }
    }

    /// Appends `values` (each below 2^bitWidth) packed LSB first: `values.count * bitWidth / 8` bytes.
    private static func pack(_ values: [UInt64], bitWidth: Int, into out: inout [UInt8]) {
        guard bitWidth > 0 else { return }
        var accumulator: UInt64 = 0
        var bits = 0
        for u in values {
            accumulator |= u << UInt64(bits)
            let total = bits &+ bitWidth
            if total >= 64 {
                appendLittleEndian(accumulator, bytes: 8, to: &out)
                // The bits of `u` that did not fit (none when it started a fresh word).
                accumulator = bits == 0 ? 0 : u >> UInt64(64 &- bits)
                bits = total &- 64
            } else {
                bits = total
            }
        }
        appendLittleEndian(accumulator, bytes: (bits &+ 7) / 8, to: &out)
    }

    @inline(__always)
    private static func appendLittleEndian(_ word: UInt64, bytes: Int, to out: inout [UInt8]) {
        var w = word
        for _ in 0..<bytes {
            out.append(UInt8(truncatingIfNeeded: w))
            w >>= 8
        }
    }

    private static func appendULEB128(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    // MARK: Decoding

    /// Decodes the first `count` values of the encoding at `raw[start...]` as bit patterns
    /// (INT32 values in the low 32 bits). Throws `ParquetError.corrupt` for a header, bit
    /// width or length that does not add up, never reading outside `raw`.
    static func decode(_ raw: UnsafeRawBufferPointer, from start: Int, count: Int) throws -> [UInt64] {
        guard count >= 0, start >= 0, start <= raw.count else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED page starts past its end")
        }
        var position = start
        let blockSize = try readULEB128(raw, &position)
        let miniblocks = try readULEB128(raw, &position)
        let total = try readULEB128(raw, &position)
        let first = unzigzag(try readULEB128(raw, &position))
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED block of \(blockSize) values in \(miniblocks) miniblocks is not a multiple of 128 values in miniblocks of a multiple of 32")
        }
        guard total >= UInt64(count) else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED page holds \(total) values, fewer than its \(count) non-null slots")
        }
        guard count > 0 else { return [] }
        let miniblockCount = Int(miniblocks)
        let miniblockSize = Int(blockSize) / miniblockCount
        var out = [UInt64](repeating: 0, count: count)
        var previous = first
        out[0] = UInt64(bitPattern: first)
        var next = 1
        while next < count {
            let minDelta = unzigzag(try readULEB128(raw, &position))
            guard miniblockCount <= raw.count - position else {
                throw ParquetError.corrupt("DELTA_BINARY_PACKED bit widths run past the page")
            }
            let widthsAt = position
            position &+= miniblockCount
            for m in 0..<miniblockCount where next < count {
                let bitWidth = Int(raw[widthsAt &+ m])
                guard bitWidth <= 64 else {
                    throw ParquetError.corrupt("DELTA_BINARY_PACKED bit width \(bitWidth) exceeds 64")
                }
                let n = min(miniblockSize, count &- next)
                // Only the bits of the values still wanted must be present: the last miniblock's
                // padding may be cut short.
                guard (n &* bitWidth &+ 7) / 8 <= raw.count - position else {
                    throw ParquetError.corrupt("DELTA_BINARY_PACKED miniblock runs past the page")
                }
                for k in 0..<n {
                    let delta = minDelta &+ Int64(bitPattern: unpack(raw, at: position, index: k, bitWidth: bitWidth))
                    previous = previous &+ delta
                    out[next &+ k] = UInt64(bitPattern: previous)
                }
                next &+= n
                position &+= min(miniblockSize &* bitWidth / 8, raw.count - position)
            }
        }
        return out
    }

    /// The `index`-th `bitWidth`-bit value of the miniblock at `base`; the caller checked that
    /// its bytes are in `raw`.
    @inline(__always)
    private static func unpack(_ raw: UnsafeRawBufferPointer, at base: Int, index: Int, bitWidth: Int) -> UInt64 {
        guard bitWidth > 0 else { return 0 }
        let bitOffset = index &* bitWidth
        let byte = base &+ bitOffset >> 3
        let shift = bitOffset & 7
        let needed = (shift &+ bitWidth &+ 7) >> 3
        var word: UInt64 = 0
        if byte &+ 8 <= raw.count {
            word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
        } else {
            for k in 0..<min(needed, 8) { word |= UInt64(raw[byte &+ k]) << UInt64(8 &* k) }
        }
        word >>= UInt64(shift)
        if needed > 8 { word |= UInt64(raw[byte &+ 8]) << UInt64(64 &- shift) }
        return bitWidth == 64 ? word : word & ((1 << UInt64(bitWidth)) &- 1)
    }

    private static func readULEB128(_ raw: UnsafeRawBufferPointer, _ position: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < raw.count else { throw ParquetError.corrupt("DELTA_BINARY_PACKED header runs past the page") }
            let byte = raw[position]
            position &+= 1
            guard shift < 64, shift < 63 || byte & 0x7E == 0 else {
                throw ParquetError.corrupt("DELTA_BINARY_PACKED varint longer than 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift &+= 7
        }
    }

    private static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }
}
