import Crypto
import TextEncoding

extension SHA256.Digest {
    /// The digest in lowercase hex.
    public var hexString: String { Array(self).hexString }
}
