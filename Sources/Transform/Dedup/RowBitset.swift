/// One bit per row of a whole input: which rows won de-duplication, which broke `unique`.
/// 8 million rows cost 1 MB.
public struct RowBitset: Sendable, Equatable {
    private var words: [UInt64]
    public let count: Int

    public init(count: Int) {
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    public subscript(position: Int) -> Bool {
        get { words[position >> 6] & (1 << UInt64(position & 63)) != 0 }
        set {
            if newValue {
                words[position >> 6] |= 1 << UInt64(position & 63)
            } else {
                words[position >> 6] &= ~(1 << UInt64(position & 63))
            }
        }
    }

    /// Number of set bits.
    public var population: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
}
