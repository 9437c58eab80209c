import Foundation

/// Distinct-count estimates in fixed memory: 2^11 one-byte registers per column (~2.3%
/// standard error) with the small-range correction of Flajolet et al. The registers of all
/// columns share one flat array so observing a value touches no reference counts.
struct HyperLogLogSet {
    static let precision = 11
    static let registersPerColumn = 1 << precision
    private var registers: [UInt8]

    init(columns: Int) {
        registers = [UInt8](repeating: 0, count: columns * Self.registersPerColumn)
    }

    @inline(__always) mutating func add(column: Int, hash: UInt64) {
        let index = column * Self.registersPerColumn + Int(hash >> UInt64(64 - Self.precision))
        let rest = hash << UInt64(Self.precision)
        let rank = UInt8(min(rest.leadingZeroBitCount, 64 - Self.precision) + 1)
        registers.withUnsafeMutableBufferPointer { r in
            if rank > r[index] { r[index] = rank }
        }
    }

    func estimate(column: Int) -> Int64 {
        let m = Double(Self.registersPerColumn)
        var sum = 0.0
        var zeros = 0
        let start = column * Self.registersPerColumn
        for register in registers[start..<(start + Self.registersPerColumn)] {
            sum += 1.0 / Double(UInt64(1) << UInt64(register))
            if register == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m, zeros > 0 {
            return Int64((m * log(m / Double(zeros))).rounded())
        }
        return Int64(raw.rounded())
    }

    /// A deterministic 64-bit hash of bytes, eight at a time, with a murmur-style finaliser.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        while i + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ mix(word)) &* 0x0000_0100_0000_01b3
            h = (h << 31) | (h >> 33)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < raw.count {
            tail |= UInt64(raw[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ mix(tail)) &* 0x0000_0100_0000_01b3
        return mix(h)
    }

    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x = x &* 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }
}
