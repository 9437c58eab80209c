@testable import Parquet

extension ParquetError {
    /// The case's name (`thrift`, `corrupt`, …), to count fuzz outcomes by kind.
    var kind: String {
        switch self {
        case .io: return "io"
        case .invalidBatch: return "invalidBatch"
        case .invalidSchema: return "invalidSchema"
        case .writerClosed: return "writerClosed"
        case .badMagic: return "badMagic"
        case .footerLengthOutOfRange: return "footerLengthOutOfRange"
        case .thrift: return "thrift"
        case .corrupt: return "corrupt"
        case .unsupported: return "unsupported"
        case .unknownColumn: return "unknownColumn"
        case .compression: return "compression"
        }
    }
}
