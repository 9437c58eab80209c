import Parquet

/// Keeps the rows of a column whose flag is set (the rows that survive a pass).
extension ColumnValues {
    /// The rows in `range` (all rows when nil) whose flag in `keep` is set; `keep` is indexed
    /// like the whole column.
    public func filtered(_ keep: [Bool], range: Range<Int>? = nil) -> ColumnValues {
        let range = range ?? 0..<count
        let kept = keep[range].lazy.filter { $0 }.count
        func pick<T>(_ values: [T?]) -> [T?] {
            var out: [T?] = []
            out.reserveCapacity(kept)
            for index in range where keep[index] { out.append(values[index]) }
            return out
        }
        switch self {
        case .booleans(let v): return .booleans(pick(v))
        case .int32s(let v): return .int32s(pick(v))
        case .int64s(let v): return .int64s(pick(v))
        case .doubles(let v): return .doubles(pick(v))
        case .dates(let v): return .dates(pick(v))
        case .timestampsMicros(let v): return .timestampsMicros(pick(v))
        case .byteArrays(let v): return .byteArrays(ByteArrayRewrite.filtered(v, keep, range: range))
        case .lists(let v): return .lists(v.filtered(keep, range: range))
        }
    }
}

extension ByteArrayColumn {
    public func filtered(_ keep: [Bool]) -> ByteArrayColumn { ByteArrayRewrite.filtered(self, keep, range: 0..<count) }
}

extension ListColumnValues {
    public func filtered(_ keep: [Bool], range: Range<Int>? = nil) -> ListColumnValues {
        var elementKeep = [Bool](repeating: false, count: elements.count)
        var offsets = [0]
        var isNull: [Bool] = []
        var kept = 0
        for row in range ?? 0..<count where keep[row] {
            let range = elementRange(at: row)
            for element in range { elementKeep[element] = true }
            kept += range.count
            offsets.append(kept)
            isNull.append(self.isNull(at: row))
        }
        // Offsets and nulls come from a valid column, so the layout stays valid.
        guard let filtered = try? ListColumnValues(offsets: offsets, isNull: isNull, elements: elements.filtered(elementKeep)) else {
            preconditionFailure("filtering a valid list column produced an invalid layout")
        }
        return filtered
    }
}
