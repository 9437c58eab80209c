extension Sequence where Element == UInt8 {
    /// Lowercase hex, two digits a byte: the one hex encoder (SHA-256 names, fingerprints, S3
    /// signing, the `States.Hash` intrinsic).
    public var hexString: String {
        var out = ""
        out.unicodeScalars.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.unicodeScalars.append(HexDigits.scalars[Int(byte >> 4)])
            out.unicodeScalars.append(HexDigits.scalars[Int(byte & 0x0F)])
        }
        return out
    }
}

enum HexDigits {
    static let scalars: [Unicode.Scalar] = Array("0123456789abcdef".unicodeScalars)
}
