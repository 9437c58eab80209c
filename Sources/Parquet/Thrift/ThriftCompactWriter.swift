/// Encodes Thrift structures in the compact protocol (the encoding of Parquet's footer and
/// page headers). Callers write fields in ascending id order and close every struct.
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var lastFieldId: Int16 = 0
    private var fieldIdStack: [Int16] = []

    init() { bytes.reserveCapacity(64) }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        lastFieldId = 0
        fieldIdStack.removeAll(keepingCapacity: true)
    }

    // MARK: primitives

    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func writeZigZag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    private mutating func fieldHeader(_ id: Int16, _ type: ThriftCompactType) {
        let delta = Int(id) - Int(lastFieldId)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeZigZag(Int64(id))
        }
        lastFieldId = id
    }

    // MARK: fields

    mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        writeZigZag(Int64(value))
    }

    mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        writeZigZag(value)
    }

    mutating func field(_ id: Int16, i16 value: Int16) {
        fieldHeader(id, .i16)
        writeZigZag(Int64(value))
    }

    mutating func field(_ id: Int16, byte value: UInt8) {
        fieldHeader(id, .byte)
        bytes.append(value)
    }

    mutating func field(_ id: Int16, bool value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func field(_ id: Int16, binary value: [UInt8]) {
        fieldHeader(id, .binary)
        writeBinary(value)
    }

    mutating func field(_ id: Int16, string value: String) {
        field(id, binary: Array(value.utf8))
    }

    mutating func writeBinary(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Opens a struct-valued field; write its fields, then `endStruct()`.
    mutating func beginStructField(_ id: Int16) {
        fieldHeader(id, .structure)
        beginStruct()
    }

    /// Opens a struct that is a list element (or the top-level struct after the first).
    mutating func beginStruct() {
        fieldIdStack.append(lastFieldId)
        lastFieldId = 0
    }

    /// Writes the stop byte and returns to the enclosing struct's field numbering.
    mutating func endStruct() {
        bytes.append(ThriftCompactType.stop.rawValue)
        lastFieldId = fieldIdStack.popLast() ?? 0
    }

    /// Opens a list field with `count` elements of `elementType`; then write the elements.
    mutating func beginListField(_ id: Int16, elementType: ThriftCompactType, count: Int) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    mutating func writeListI32(_ id: Int16, _ values: [Int32]) {
        beginListField(id, elementType: .i32, count: values.count)
        for v in values { writeZigZag(Int64(v)) }
    }

    mutating func writeListString(_ id: Int16, _ values: [String]) {
        beginListField(id, elementType: .binary, count: values.count)
        for v in values { writeBinary(Array(v.utf8)) }
    }
}
