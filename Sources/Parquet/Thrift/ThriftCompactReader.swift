/// Decodes the Thrift compact protocol from a byte array, checking every length against
/// the bytes that remain so corrupt input fails with `ParquetError.thrift`, never a trap.
struct ThriftCompactReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    private var lastFieldId: Int16 = 0
    private var fieldIdStack: [Int16] = []
    /// The value of a bool field, carried in its header's type nibble.
    private var pendingBool: Bool?
    private static let maxDepth = 64

    init(_ bytes: [UInt8], start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        position = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { end - position }

    private func fail(_ why: String) -> ParquetError {
        .thrift("\(why) at byte \(position)")
    }

    mutating func readByte() throws -> UInt8 {
        guard position < end else { throw fail("unexpected end of data") }
        let b = bytes[position]
        position += 1
        return b
    }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            if shift == 63 && b > 1 { throw fail("varint overflows 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw fail("varint longer than 10 bytes") }
        }
    }

    mutating func readZigZag() throws -> Int64 {
        let v = try readVarint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    mutating func readI32() throws -> Int32 {
        let v = try readZigZag()
        guard let r = Int32(exactly: v) else { throw fail("i32 value \(v) out of range") }
        return r
    }

    mutating func readI16() throws -> Int16 {
        let v = try readZigZag()
        guard let r = Int16(exactly: v) else { throw fail("i16 value \(v) out of range") }
        return r
    }

    mutating func readI64() throws -> Int64 { try readZigZag() }

    mutating func readBinary() throws -> [UInt8] {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw fail("binary length \(length) exceeds the \(remaining) bytes left") }
        let start = position
        position += Int(length)
        return Array(bytes[start..<position])
    }

    mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// The value of the bool field whose header was just read.
    mutating func readBool() throws -> Bool {
        if let b = pendingBool {
            pendingBool = nil
            return b
        }
        // Inside lists, booleans are whole bytes.
        let b = try readByte()
        return b == 1
    }

    mutating func beginStruct() throws {
        guard fieldIdStack.count < Self.maxDepth else { throw fail("structures nested too deeply") }
        fieldIdStack.append(lastFieldId)
        lastFieldId = 0
    }

    mutating func endStruct() {
        lastFieldId = fieldIdStack.popLast() ?? 0
    }

    /// The next field's id and type, or nil at the struct's stop byte.
    mutating func readFieldHeader() throws -> (id: Int16, type: ThriftCompactType)? {
        let header = try readByte()
        if header == 0 { return nil }
        guard let type = ThriftCompactType(rawValue: header & 0x0F) else {
            throw fail("unknown compact type \(header & 0x0F)")
        }
        let delta = header >> 4
        let id: Int16
        if delta != 0 {
            let (sum, overflow) = lastFieldId.addingReportingOverflow(Int16(delta))
            guard !overflow else { throw fail("field id overflows") }
            id = sum
        } else {
            id = try readI16()
        }
        lastFieldId = id
        switch type {
        case .boolTrue: pendingBool = true
        case .boolFalse: pendingBool = false
        default: pendingBool = nil
        }
        return (id, type)
    }

    /// Element type and count of a list or set; the count is bounded by the bytes left
    /// because every element takes at least one byte.
    mutating func readListHeader() throws -> (elementType: ThriftCompactType, count: Int) {
        let header = try readByte()
        guard let type = ThriftCompactType(rawValue: header & 0x0F) else {
            throw fail("unknown list element type \(header & 0x0F)")
        }
        var count = Int(header >> 4)
        if count == 15 {
            let big = try readVarint()
            guard big <= UInt64(remaining) else { throw fail("list of \(big) elements exceeds the \(remaining) bytes left") }
            count = Int(big)
        }
        guard count <= remaining else { throw fail("list of \(count) elements exceeds the \(remaining) bytes left") }
        return (type, count)
    }

    /// Reads a list of i32 (Parquet enums); any other element type is corruption.
    mutating func readListI32() throws -> [Int32] {
        let (type, count) = try readListHeader()
        guard type == .i32 || count == 0 else { throw fail("expected a list of i32") }
        var values: [Int32] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readI32()) }
        return values
    }

    mutating func readListString() throws -> [String] {
        let (type, count) = try readListHeader()
        guard type == .binary || count == 0 else { throw fail("expected a list of strings") }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readString()) }
        return values
    }

    /// Reads a list of structs, decoding each element with `element`.
    mutating func readListStruct<T>(_ element: (inout ThriftCompactReader) throws -> T) throws -> [T] {
        let (type, count) = try readListHeader()
        guard type == .structure || count == 0 else { throw fail("expected a list of structs") }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&self)) }
        return values
    }

    /// Skips a value of `type` (unknown or unused fields).
    mutating func skip(_ type: ThriftCompactType, depth: Int = 0) throws {
        guard depth < Self.maxDepth else { throw fail("values nested too deeply") }
        switch type {
        case .stop: throw fail("unexpected stop")
        case .boolTrue, .boolFalse:
            if pendingBool != nil { pendingBool = nil } else { _ = try readByte() }
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double:
            guard remaining >= 8 else { throw fail("unexpected end of data") }
            position += 8
        case .binary: _ = try readBinary()
        case .list, .set:
            let (elementType, count) = try readListHeader()
            for _ in 0..<count { try skip(elementType == .boolTrue || elementType == .boolFalse ? .byte : elementType, depth: depth + 1) }
        case .map:
            let size = try readVarint()
            guard size <= UInt64(remaining) else { throw fail("map of \(size) entries exceeds the bytes left") }
            if size == 0 { return }
            let kinds = try readByte()
            guard let keyType = ThriftCompactType(rawValue: kinds >> 4),
                  let valueType = ThriftCompactType(rawValue: kinds & 0x0F) else { throw fail("bad map types") }
            for _ in 0..<size {
                try skip(keyType == .boolTrue || keyType == .boolFalse ? .byte : keyType, depth: depth + 1)
                try skip(valueType == .boolTrue || valueType == .boolFalse ? .byte : valueType, depth: depth + 1)
            }
        case .structure:
            try beginStruct()
            while let (_, fieldType) = try readFieldHeader() {
                try skip(fieldType, depth: depth + 1)
            }
            endStruct()
        }
    }
}
