import Crypto

extension Sequence where Element == UInt8 {
    /// Lowercase hex: the one hex encoder for digests (SHA-256 names, fingerprints, S3 signing).
    public var hexString: String {
        let digits: [Character] = Array("0123456789abcdef")
        var out = ""
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}

extension SHA256.Digest {
    /// The digest in lowercase hex.
    public var hexString: String { Array(self).hexString }
}
