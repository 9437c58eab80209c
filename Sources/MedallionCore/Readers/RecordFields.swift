/// One record's fields as UTF-8 bytes in the reader's storage, valid only inside the
/// `nextRecord` callback. Handing out byte slices instead of Strings keeps bronze ingestion
/// free of per-field allocations.
struct RecordFields {
    fileprivate let storage: UnsafeRawBufferPointer
    fileprivate let ends: UnsafeBufferPointer<Int>
    fileprivate let nulls: UnsafeBufferPointer<Bool>

    var count: Int { ends.count }

    /// The field's bytes, nil for a null.
    @inline(__always) subscript(index: Int) -> UnsafeRawBufferPointer? {
        if nulls[index] { return nil }
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeRawBufferPointer(rebasing: storage[start..<ends[index]])
    }

    func string(_ index: Int) -> String? {
        self[index].map { String(decoding: $0, as: UTF8.self) }
    }

    var strings: [String?] { (0..<count).map(string) }
}

/// Accumulates a record's fields contiguously; reused from record to record.
struct RecordBuilder {
    private(set) var storage: [UInt8] = []
    private(set) var ends: [Int] = []
    private(set) var nulls: [Bool] = []

    init() {
        storage.reserveCapacity(64 * 1024)
    }

    var fieldCount: Int { ends.count }
    var isEmpty: Bool { ends.isEmpty }
    /// Bytes of the field being built (after the last finished one).
    var pendingBytes: Int { storage.count - (ends.last ?? 0) }

    mutating func reset() {
        storage.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        nulls.removeAll(keepingCapacity: true)
    }

    @inline(__always) mutating func append(_ bytes: UnsafeRawBufferPointer) {
        // Typed pointers take Array's memcpy path; raw buffers would be appended byte by byte.
        storage.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
    }

    @inline(__always) mutating func append(byte: UInt8) {
        storage.append(byte)
    }

    mutating func finishField(null: Bool) {
        ends.append(storage.count)
        nulls.append(null)
    }

    mutating func appendField(_ text: String?) {
        if var text {
            text.withUTF8 { storage.append(contentsOf: $0) }
            finishField(null: false)
        } else {
            finishField(null: true)
        }
    }

    /// The index of the first field that is not valid UTF-8, if any (ASCII checked 8 bytes at a time).
    func firstInvalidUTF8Field() -> Int? {
        let allASCII = storage.withUnsafeBytes { raw -> Bool in
            var i = 0
            while i + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < raw.count {
                if raw[i] & 0x80 != 0 { return false }
                i += 1
            }
            return true
        }
        if allASCII { return nil }
        var start = 0
        for (index, end) in ends.enumerated() {
            let valid = storage[start..<end].withUnsafeBytes { String(validating: $0, as: UTF8.self) != nil }
            if !valid { return index }
            start = end
        }
        return nil
    }

    func withFields<T>(_ body: (RecordFields) throws -> T) rethrows -> T {
        try storage.withUnsafeBytes { bytes in
            try ends.withUnsafeBufferPointer { ends in
                try nulls.withUnsafeBufferPointer { nulls in
                    try body(RecordFields(storage: bytes, ends: ends, nulls: nulls))
                }
            }
        }
    }
}
