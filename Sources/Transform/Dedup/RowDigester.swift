import Parquet

/// Folds key columns of a batch into one `RowDigest` per row, a column at a time (one pass
/// over each column's memory rather than a hop between columns per row).
public struct RowDigester: Sendable {
    public let seed: DigestSeed

    public init(seed: DigestSeed) {
        self.seed = seed
    }

    /// Digests of `rowCount` rows over `columns` (all of equal length); no columns gives one
    /// shared digest, which makes every row a duplicate of every other.
    public func digests(of columns: [ColumnValues], rowCount: Int) -> [RowDigest] {
        var digests = [RowDigest](repeating: RowDigest(high: seed.a, low: seed.b), count: rowCount)
        digests.withUnsafeMutableBufferPointer { out in
            for (position, column) in columns.enumerated() {
                fold(column, position: UInt64(position), into: out)
            }
        }
        return digests
    }

    private func fold(_ column: ColumnValues, position: UInt64, into out: UnsafeMutableBufferPointer<RowDigest>) {
        // A per-column salt keeps equal values in different key columns apart.
        let saltA = seed.a &+ position &* 0x9E37_79B9_7F4A_7C15
        let saltB = seed.b &+ position &* 0xC2B2_AE3D_27D4_EB4F
        @inline(__always) func combine(_ index: Int, _ a: UInt64, _ b: UInt64) {
            let current = out[index]
            out[index] = RowDigest(high: SeededHash.mix((current.high ^ a) &* SeededHash.multiplierA &+ position),
                                   low: SeededHash.mix((current.low ^ b) &* SeededHash.multiplierB &+ position))
        }
        @inline(__always) func word(_ index: Int, _ value: UInt64?) {
            guard let value else { return combine(index, saltA ^ 0xDEAD_BEEF, saltB ^ 0xFEED_FACE) }
            combine(index, SeededHash.hash(word: value, seed: saltA, multiplier: SeededHash.multiplierA),
                    SeededHash.hash(word: value, seed: saltB, multiplier: SeededHash.multiplierB))
        }
        switch column {
        case .byteArrays(let values):
            var index = 0
            values.forEachValue { bytes in
                if let bytes {
                    combine(index, SeededHash.hash(bytes, seed: saltA, multiplier: SeededHash.multiplierA),
                            SeededHash.hash(bytes, seed: saltB, multiplier: SeededHash.multiplierB))
                } else {
                    combine(index, saltA ^ 0xDEAD_BEEF, saltB ^ 0xFEED_FACE)
                }
                index &+= 1
            }
        case .int64s(let values), .timestampsMicros(let values):
            for index in values.indices { word(index, values[index].map { UInt64(bitPattern: $0) }) }
        case .int32s(let values), .dates(let values):
            for index in values.indices { word(index, values[index].map { UInt64(UInt32(bitPattern: $0)) }) }
        case .doubles(let values):
            // -0.0 and 0.0 are one value, as SQL engines group them.
            for index in values.indices { word(index, values[index].map { $0 == 0 ? 0 : $0.bitPattern }) }
        case .booleans(let values):
            for index in values.indices { word(index, values[index].map { $0 ? 1 : 2 }) }
        case .lists(let values):
            // Callers key lists by their JSON text; the element count keeps two lists apart otherwise.
            for index in 0..<values.count { word(index, values.isNull(at: index) ? nil : UInt64(values.elementRange(at: index).count)) }
        }
    }
}
