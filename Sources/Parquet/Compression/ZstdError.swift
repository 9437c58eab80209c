import CZstd

/// A failure reported by libzstd, with its own explanation.
public enum ZstdError: Error, CustomStringConvertible, Equatable {
    case compressionFailed(String)
    case decompressionFailed(String)
    case sizeMismatch(expected: Int, actual: Int)
    case truncatedFrame

    public var description: String {
        switch self {
        case .compressionFailed(let why): return "zstd compression failed: \(why)"
        case .decompressionFailed(let why): return "zstd data is corrupt: \(why)"
        case .sizeMismatch(let expected, let actual):
            return "zstd frame decompressed to \(actual) bytes, expected \(expected)"
        case .truncatedFrame: return "zstd data ends in the middle of a frame (truncated input)"
        }
    }

    static func name(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}
