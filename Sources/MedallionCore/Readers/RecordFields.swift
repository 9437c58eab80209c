/// One record's fields as UTF-8 bytes in the reader's storage, valid only inside the
/// `nextRecord` callback. Handing out byte slices instead of Strings keeps bronze ingestion
/// free of per-field allocations.
struct RecordFields {
    fileprivate let base: UnsafeRawPointer?
    fileprivate let starts: UnsafeBufferPointer<Int>
    fileprivate let ends: UnsafeBufferPointer<Int>
    fileprivate let nulls: UnsafeBufferPointer<Bool>

    /// Fields at `base + starts[i] ..< base + ends[i]` (nulls flagged), e.g. in a reader's buffer.
    init(base: UnsafeRawPointer?, starts: UnsafeBufferPointer<Int>, ends: UnsafeBufferPointer<Int>,
         nulls: UnsafeBufferPointer<Bool>) {
        self.base = base
        self.starts = starts
        self.ends = ends
        self.nulls = nulls
    }

    var count: Int { ends.count }

    /// The field's bytes, nil for a null.
    @inline(__always) subscript(index: Int) -> UnsafeRawBufferPointer? {
        if nulls[index] { return nil }
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + starts[index], count: ends[index] - starts[index])
    }

    func string(_ index: Int) -> String? {
        self[index].map { String(decoding: $0, as: UTF8.self) }
    }

    var strings: [String?] { (0..<count).map(string) }

    /// The index of the first field that is not valid UTF-8, if any.
    func firstInvalidUTF8Field() -> Int? {
        for index in 0..<count {
            guard let bytes = self[index], !UTF8Check.isASCII(bytes) else { continue }
            if String(validating: bytes, as: UTF8.self) == nil { return index }
        }
        return nil
    }
}

enum UTF16Check {
    /// "UTF-16LE"/"UTF-16BE" when the bytes start with that byte order mark (FF FE / FE FF):
    /// neither can begin UTF-8 text, so such a file gets a clear error instead of "invalid UTF-8
    /// in record 1".
    static func byteOrderMark(_ start: UnsafeRawBufferPointer) -> String? {
        guard start.count >= 2 else { return nil }
        if start[0] == 0xFF && start[1] == 0xFE { return "UTF-16LE" }
        if start[0] == 0xFE && start[1] == 0xFF { return "UTF-16BE" }
        return nil
    }
}

enum UTF8Check {
    /// True when every byte is below 0x80 (checked eight bytes at a time).
    static func isASCII(_ raw: UnsafeRawBufferPointer) -> Bool {
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
}

/// Accumulates a record's fields contiguously; reused from record to record.
struct RecordBuilder {
    private(set) var storage: [UInt8] = []
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    private(set) var nulls: [Bool] = []

    init() {
        storage.reserveCapacity(64 * 1024)
    }

    var fieldCount: Int { ends.count }
    var isEmpty: Bool { ends.isEmpty }

    mutating func reset() {
        storage.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
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
        starts.append(ends.last ?? 0)
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

    func withFields<T>(_ body: (RecordFields) throws -> T) rethrows -> T {
        try storage.withUnsafeBytes { bytes in
            try starts.withUnsafeBufferPointer { starts in
                try ends.withUnsafeBufferPointer { ends in
                    try nulls.withUnsafeBufferPointer { nulls in
                        try body(RecordFields(base: bytes.baseAddress, starts: starts, ends: ends, nulls: nulls))
                    }
                }
            }
        }
    }
}
