import Parquet

/// Picks rows of a column by position, in the order given, repeats allowed; position -1 gives
/// a null. Serves the join (each left row once per match; right rows, or nulls for a left row
/// without a match) and the output sort.
extension ColumnValues {
    func gathered(_ rows: [Int32]) -> ColumnValues {
        switch self {
        case .booleans(let v): return .booleans(Self.gather(v, rows))
        case .int32s(let v): return .int32s(Self.gather(v, rows))
        case .int64s(let v): return .int64s(Self.gather(v, rows))
        case .doubles(let v): return .doubles(Self.gather(v, rows))
        case .dates(let v): return .dates(Self.gather(v, rows))
        case .timestampsMicros(let v): return .timestampsMicros(Self.gather(v, rows))
        case .byteArrays(let v): return .byteArrays(v.gathered(rows))
        case .lists(let v): return .lists(v.gathered(rows))
        }
    }

    private static func gather<T>(_ values: [T?], _ rows: [Int32]) -> [T?] {
        values.withUnsafeBufferPointer { source in
            rows.withUnsafeBufferPointer { rows in
                [T?](unsafeUninitializedCapacity: rows.count) { out, initialized in
                    for position in 0..<rows.count {
                        let row = Int(rows[position])
                        out.initializeElement(at: position, to: row < 0 ? nil : source[row])
                    }
                    initialized = rows.count
                }
            }
        }
    }
}

extension ByteArrayColumn {
    /// As `ColumnValues.gathered`: sized in one pass, then every value copied straight into
    /// the new buffers (no per-value append).
    func gathered(_ rows: [Int32]) -> ByteArrayColumn {
        withRawParts { raw, offsets, isNull in
            rows.withUnsafeBufferPointer { rows in
                var total = 0
                for row in rows where row >= 0 { total &+= offsets[Int(row) + 1] &- offsets[Int(row)] }
                var newOffsets = [Int](repeating: 0, count: rows.count + 1)
                var newNulls = [Bool](repeating: false, count: rows.count)
                let storage = newOffsets.withUnsafeMutableBufferPointer { newOffsets in
                    newNulls.withUnsafeMutableBufferPointer { newNulls in
                        [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
                            let target = UnsafeMutableRawPointer(out.baseAddress)
                            var used = 0
                            for position in 0..<rows.count {
                                let row = Int(rows[position])
                                if row < 0 || isNull[row] {
                                    newNulls[position] = true
                                } else {
                                    let start = offsets[row], length = offsets[row + 1] &- start
                                    if length > 0, let target, let source = raw.baseAddress {
                                        (target + used).copyMemory(from: source + start, byteCount: length)
                                    }
                                    used &+= length
                                }
                                newOffsets[position + 1] = used
                            }
                            initialized = used
                        }
                    }
                }
                return ByteArrayColumn(storage: storage, offsets: newOffsets, isNull: newNulls)
            }
        }
    }
}

extension ListColumnValues {
    /// As `ColumnValues.gathered`: the picked lists' elements gathered in one go.
    func gathered(_ rows: [Int32]) -> ListColumnValues {
        var offsets = [Int](repeating: 0, count: rows.count + 1)
        var isNull = [Bool](repeating: false, count: rows.count)
        var elementRows: [Int32] = []
        for (position, row) in rows.enumerated() {
            if row < 0 || self.isNull(at: Int(row)) {
                isNull[position] = true
            } else {
                for element in elementRange(at: Int(row)) { elementRows.append(Int32(truncatingIfNeeded: element)) }
            }
            offsets[position + 1] = elementRows.count
        }
        // Offsets and nulls are laid out from a valid column, so the layout stays valid.
        guard let gathered = try? ListColumnValues(offsets: offsets, isNull: isNull, elements: elements.gathered(elementRows)) else {
            preconditionFailure("gathering a valid list column produced an invalid layout")
        }
        return gathered
    }
}
