#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything that can go wrong writing or reading Parquet, with what to do about it.
public enum ParquetError: Error, CustomStringConvertible, Equatable {
    /// A system call on `path` failed.
    case io(path: String, operation: String, errno: Int32)
    /// The batch does not fit the schema (wrong column count, kind, length or a null in a REQUIRED column).
    case invalidBatch(String)
    /// The schema cannot be written (e.g. no columns, duplicate or empty names).
    case invalidSchema(String)
    /// The writer was used after `close()`.
    case writerClosed
    /// The file is not Parquet: magic bytes missing.
    case badMagic
    /// The footer length in the file's last 8 bytes is impossible for its size.
    case footerLengthOutOfRange(length: Int64, fileSize: Int64)
    /// The Thrift-encoded footer or a page header does not decode.
    case thrift(String)
    /// Structurally invalid content (sizes, counts or offsets that do not add up).
    case corrupt(String)
    /// A valid Parquet feature this reader does not implement.
    case unsupported(String)
    /// A column name asked for is not in the file.
    case unknownColumn(String)
    /// Page (de)compression failed.
    case compression(String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .invalidBatch(let why): return "invalid column batch: \(why)"
        case .invalidSchema(let why): return "invalid Parquet schema: \(why)"
        case .writerClosed: return "the Parquet writer is already closed; open a new one"
        case .badMagic: return "not a Parquet file: the PAR1 magic bytes are missing at the start or end"
        case .footerLengthOutOfRange(let length, let size):
            return "corrupt Parquet file: footer length \(length) does not fit in a \(size)-byte file (truncated?)"
        case .thrift(let why): return "corrupt Parquet metadata (Thrift): \(why)"
        case .corrupt(let why): return "corrupt Parquet file: \(why)"
        case .unsupported(let what): return "unsupported Parquet feature: \(what)"
        case .unknownColumn(let name): return "no column named '\(name)' in this file"
        case .compression(let why): return "page compression failed: \(why)"
        }
    }
}
