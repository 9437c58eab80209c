#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local file-system failure, naming the path and the system's reason.
public enum LakeIOError: Error, CustomStringConvertible, Equatable {
    case open(path: String, errno: Int32)
    case read(path: String, errno: Int32)
    case write(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .open(let path, let code): return "cannot open \(path): \(String(cString: strerror(code)))"
        case .read(let path, let code): return "cannot read \(path): \(String(cString: strerror(code)))"
        case .write(let path, let code): return "cannot write \(path): \(String(cString: strerror(code)))"
        }
    }
}
