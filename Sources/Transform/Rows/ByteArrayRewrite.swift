import Parquet

/// Builds a new string column from an existing one in a single sweep over raw buffers: each
/// value kept whole, cut to a sub-range, or made null. Appending value by value through
/// `ByteArrayColumn.append` costs an array uniqueness check per call, which dominated Silver.
enum ByteArrayRewrite {
    /// What to do with one value: drop the row, keep it as null, or keep the bytes
    /// `lower..<upper` of the value.
    enum Outcome {
        case drop
        case null
        case keep(lower: Int, upper: Int)
    }

    /// Decides every value of `range` (all values when nil) in order.
    static func rewrite(_ column: ByteArrayColumn, range: Range<Int>? = nil,
                        _ decide: (Int, UnsafeRawBufferPointer?) -> Outcome) -> ByteArrayColumn {
        column.withRawParts { raw, offsets, isNull in
            let range = range ?? 0..<isNull.count
            let n = range.count
            let byteRange = range.isEmpty ? 0 : offsets[range.upperBound] - offsets[range.lowerBound]
            var storage = [UInt8](repeating: 0, count: byteRange)
            var newOffsets = [Int](repeating: 0, count: n + 1)
            var newNulls = [Bool](repeating: false, count: n)
            var rows = 0
            var used = 0
            storage.withUnsafeMutableBytes { out in
                for index in range {
                    let value: UnsafeRawBufferPointer? = isNull[index] ? nil
                        : UnsafeRawBufferPointer(rebasing: raw[offsets[index]..<offsets[index + 1]])
                    switch decide(index, value) {
                    case .drop:
                        continue
                    case .null:
                        newNulls[rows] = true
                    case .keep(let lower, let upper):
                        if let value, let base = value.baseAddress, upper > lower, let target = out.baseAddress {
                            (target + used).copyMemory(from: base + lower, byteCount: upper - lower)
                            used += upper - lower
                        }
                    }
                    rows += 1
                    newOffsets[rows] = used
                }
            }
            // Buffers sized for every value would outlive a filter that kept few (a handful of
            // quarantined rows would hold whole columns): copy out what was used when that is
            // well below what was reserved.
            if used * 4 < storage.count * 3 || rows * 4 < n * 3 {
                return ByteArrayColumn(storage: Array(storage[0..<used]), offsets: Array(newOffsets[0...rows]),
                                       isNull: Array(newNulls[0..<rows]))
            }
            storage.removeLast(storage.count - used)
            newOffsets.removeLast(newOffsets.count - rows - 1)
            newNulls.removeLast(newNulls.count - rows)
            return ByteArrayColumn(storage: storage, offsets: newOffsets, isNull: newNulls)
        }
    }

    /// Surrounding ASCII whitespace removed and empty values as null. A column that needs
    /// neither comes back as it is, without a copy.
    static func trimmed(_ column: ByteArrayColumn) -> ByteArrayColumn {
        let unchanged: Bool = column.withRawParts { raw, offsets, isNull in
            for index in 0..<isNull.count where !isNull[index] {
                let start = offsets[index], end = offsets[index + 1]
                if start == end || ValueCasts.isASCIIWhitespace(raw[start]) || ValueCasts.isASCIIWhitespace(raw[end - 1]) { return false }
            }
            return true
        }
        if unchanged { return column }
        return rewrite(column) { _, value in
            guard let value else { return .null }
            let trimmed = ValueCasts.trimmed(value)
            guard !trimmed.isEmpty, let base = value.baseAddress, let start = trimmed.baseAddress else { return .null }
            let lower = start - base
            return .keep(lower: lower, upper: lower + trimmed.count)
        }
    }

    /// The rows of `range` whose flag is set.
    static func filtered(_ column: ByteArrayColumn, _ keep: [Bool], range: Range<Int>) -> ByteArrayColumn {
        rewrite(column, range: range) { index, value in
            guard keep[index] else { return .drop }
            guard let value else { return .null }
            return .keep(lower: 0, upper: value.count)
        }
    }
}
