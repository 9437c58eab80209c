/// Encodes unsigned integers with Parquet's RLE / bit-packing hybrid (definition levels,
/// dictionary indices). Runs of 8+ equal values become RLE runs, the rest bit-packed groups
/// of 8 (at most 63 groups per run so each header is one byte, as Arrow does).
enum RLEHybridEncoder {
    static func encode(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into out: inout [UInt8]) {
        let n = values.count
        let byteWidth = (bitWidth + 7) / 8
        var i = 0
        var packedStart = 0
        var packedGroups = 0

        func flushPacked(_ out: inout [UInt8]) {
            guard packedGroups > 0 else { return }
            appendVarint(UInt64(packedGroups << 1 | 1), to: &out)
            var accumulator: UInt64 = 0
            var bits = 0
            let end = packedStart + packedGroups * 8
            var k = packedStart
            while k < end {
                let v = k < n ? UInt64(values[k]) : 0
                accumulator |= v << UInt64(bits)
                bits += bitWidth
                while bits >= 8 {
                    out.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    bits -= 8
                }
                k += 1
            }
            // 8 values of any width fill whole bytes, so nothing is left over here.
            packedGroups = 0
        }

        while i < n {
            let v = values[i]
            var j = i + 1
            while j < n && values[j] == v { j += 1 }
            let run = j - i
            if run >= 8 {
                flushPacked(&out)
                appendVarint(UInt64(run) << 1, to: &out)
                var value = v
                for _ in 0..<byteWidth {
                    out.append(UInt8(truncatingIfNeeded: value))
                    value >>= 8
                }
                i = j
                packedStart = i
            } else {
                if packedGroups == 0 { packedStart = i }
                packedGroups += 1
                i += 8
                if packedGroups == 63 { flushPacked(&out) }
            }
        }
        flushPacked(&out)
    }

    @inline(__always)
    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Bits needed to store `maxValue` (at least 1: some readers mishandle width 0).
    static func bitWidth(forMaxValue maxValue: Int) -> Int {
        max(1, Int.bitWidth - maxValue.leadingZeroBitCount)
    }
}
