import Foundation
import Parquet

/// A distinct-count estimate in fixed memory: up to 2^11 one-byte registers (~2.3% standard
/// error) with the small-range correction of Flajolet et al. Adding a value twice changes
/// nothing, so a sketch fed each distinct value once equals one fed every value.
///
/// The registers are manually managed so an add touches no reference counts; exactly one
/// owner calls `deallocate()`.
struct HyperLogLog {
    static let maxPrecision = 11
    /// All columns' registers together stay within this: a 20,000-column source gets 2^8
    /// registers a column (~6.5% standard error) rather than 40 MB of registers.
    static let budgetBytes = 8 << 20
    private let registers: UnsafeMutableBufferPointer<UInt8>
    private let precision: Int

    /// The precision each of `columns` sketches gets within `budgetBytes`.
    static func precision(columns: Int) -> Int {
        var precision = maxPrecision
        while precision > 4 && columns << precision > budgetBytes { precision -= 1 }
        return precision
    }

    init(precision: Int) {
        self.precision = precision
        registers = .allocate(capacity: 1 << precision)
        registers.initialize(repeating: 0)
    }

    func deallocate() { registers.deallocate() }

    /// Adds a value by its bytes (hashed as dictionary encoding hashes them).
    @inline(__always) func add(_ bytes: UnsafeRawBufferPointer) {
        let hash = ByteHash.hash(bytes)
        let index = Int(truncatingIfNeeded: hash >> UInt64(64 - precision))
        let rest = hash << UInt64(precision)
        let rank = UInt8(truncatingIfNeeded: min(rest.leadingZeroBitCount, 64 - precision) + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    func estimate() -> Int64 {
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for register in registers {
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
}
