import Foundation
import Parquet

/// Distinct-count estimates in fixed memory: up to 2^11 one-byte registers per column (~2.3%
/// standard error) with the small-range correction of Flajolet et al. The registers of all
/// columns share one flat array so observing a value touches no reference counts.
struct HyperLogLogSet {
    static let maxPrecision = 11
    /// All columns' registers together stay within this: a 20,000-column source gets 2^8
    /// registers a column (~6.5% standard error) rather than 40 MB of registers.
    static let budgetBytes = 8 << 20
    let registersPerColumn: Int
    private var registers: [UInt8]

    init(columns: Int) {
        var precision = Self.maxPrecision
        while precision > 4 && columns << precision > Self.budgetBytes { precision -= 1 }
        registersPerColumn = 1 << precision
        registers = [UInt8](repeating: 0, count: columns * registersPerColumn)
    }

    /// Calls `body` with one column's registers, to add many hashes for one uniqueness check.
    mutating func withRegisters<T>(column: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try registers.withUnsafeMutableBufferPointer { all in
            try body(UnsafeMutableBufferPointer(rebasing: all[(column * registersPerColumn)..<((column + 1) * registersPerColumn)]))
        }
    }

    /// Adds a hash to one column's registers (from `withRegisters`, whose size is a power of two).
    @inline(__always) static func add(_ hash: UInt64, to registers: UnsafeMutableBufferPointer<UInt8>) {
        let precision = registers.count.trailingZeroBitCount
        let index = Int(truncatingIfNeeded: hash >> UInt64(64 - precision))
        let rest = hash << UInt64(precision)
        let rank = UInt8(truncatingIfNeeded: min(rest.leadingZeroBitCount, 64 - precision) + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    func estimate(column: Int) -> Int64 {
        let m = Double(registersPerColumn)
        var sum = 0.0
        var zeros = 0
        let start = column * registersPerColumn
        for register in registers[start..<(start + registersPerColumn)] {
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

    /// A deterministic 64-bit hash of bytes (the one dictionary encoding uses).
    @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        ByteHash.hash(UnsafeRawBufferPointer(bytes))
    }
}
