/// What de-duplication keeps of a row: its key digest, its position in the input and its
/// order key. 32 bytes, whatever the row holds.
struct DigestRecord {
    var digest: RowDigest
    /// Row position; the top bit carries whether the order key is present (not null).
    var positionAndFlag: UInt64
    var orderImage: UInt64

    init(digest: RowDigest, position: Int, order: OrderKey) {
        self.digest = digest
        positionAndFlag = UInt64(position) | (order.present ? 1 << 63 : 0)
        orderImage = order.image
    }

    var position: Int { Int(positionAndFlag & ~(1 << 63)) }
    var order: OrderKey { OrderKey(present: positionAndFlag >> 63 != 0, image: orderImage) }
}
