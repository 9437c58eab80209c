import Crypto

extension Sequence where Element == UInt8 {
    /// Lowercase hex.
    var hexString: String {
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
    var hexString: String { Array(self).hexString }
}
