/// INT32, INT64 and DOUBLE values as the fixed-width writer and reader handle them.
protocol FixedWidthValue: Sendable {
    static var byteWidth: Int { get }
    /// A pattern that is equal exactly when the values are identical (dictionary key).
    var dictionaryKey: UInt64 { get }
    init(dictionaryKey: UInt64)
    /// Whether the value takes part in min/max (NaN does not).
    var isOrderable: Bool { get }
    static func lessThan(_ a: Self, _ b: Self) -> Bool
    /// Little-endian PLAIN bytes.
    func plainBytes() -> [UInt8]
    /// Reads a little-endian value at `offset`.
    static func load(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Self
}

extension Int32: FixedWidthValue {
    static var byteWidth: Int { 4 }
    var dictionaryKey: UInt64 { UInt64(UInt32(bitPattern: self)) }
    init(dictionaryKey: UInt64) { self = Int32(bitPattern: UInt32(truncatingIfNeeded: dictionaryKey)) }
    var isOrderable: Bool { true }
    static func lessThan(_ a: Int32, _ b: Int32) -> Bool { a < b }
    func plainBytes() -> [UInt8] { withUnsafeBytes(of: littleEndian) { Array($0) } }
    static func load(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32 {
        Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }
}

extension Int64: FixedWidthValue {
    static var byteWidth: Int { 8 }
    var dictionaryKey: UInt64 { UInt64(bitPattern: self) }
    init(dictionaryKey: UInt64) { self = Int64(bitPattern: dictionaryKey) }
    var isOrderable: Bool { true }
    static func lessThan(_ a: Int64, _ b: Int64) -> Bool { a < b }
    func plainBytes() -> [UInt8] { withUnsafeBytes(of: littleEndian) { Array($0) } }
    static func load(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int64 {
        Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }
}

extension Double: FixedWidthValue {
    static var byteWidth: Int { 8 }
    var dictionaryKey: UInt64 { bitPattern }
    init(dictionaryKey: UInt64) { self = Double(bitPattern: dictionaryKey) }
    var isOrderable: Bool { !isNaN }
    static func lessThan(_ a: Double, _ b: Double) -> Bool { a < b }
    func plainBytes() -> [UInt8] { withUnsafeBytes(of: bitPattern.littleEndian) { Array($0) } }
    static func load(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Double {
        Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }
}
