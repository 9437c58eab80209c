import Parquet

extension ColumnValues {
    /// The values of `pieces` (each of `type`, as the input's checked schema guarantees) one
    /// after another, built in one allocation per buffer: the join's build side is read row
    /// group by row group and held as one column per input column.
    static func concatenated(_ pieces: [ColumnValues], type: ParquetType) -> ColumnValues {
        func join<T>(_ extract: (ColumnValues) -> [T?]?) -> [T?] {
            var out: [T?] = []
            out.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
            for piece in pieces {
                guard let values = extract(piece) else { preconditionFailure("concatenated: a \(piece.parquetType.name) piece in a \(type.name) column") }
                out.append(contentsOf: values)
            }
            return out
        }
        switch type {
        case .boolean: return .booleans(join { if case .booleans(let v) = $0 { v } else { nil } })
        case .int32: return .int32s(join { if case .int32s(let v) = $0 { v } else { nil } })
        case .int64: return .int64s(join { if case .int64s(let v) = $0 { v } else { nil } })
        case .double: return .doubles(join { if case .doubles(let v) = $0 { v } else { nil } })
        case .date: return .dates(join { if case .dates(let v) = $0 { v } else { nil } })
        case .timestampMicros: return .timestampsMicros(join { if case .timestampsMicros(let v) = $0 { v } else { nil } })
        case .string:
            return .byteArrays(ByteArrayColumn.concatenated(pieces.map { piece in
                guard case .byteArrays(let v) = piece else { preconditionFailure("concatenated: a \(piece.parquetType.name) piece in a string column") }
                return v
            }))
        case .list(let element):
            let lists = pieces.map { piece in
                guard case .lists(let v) = piece else { preconditionFailure("concatenated: a \(piece.parquetType.name) piece in a list column") }
                return v
            }
            var offsets = [0]
            var isNull: [Bool] = []
            for list in lists {
                let base = offsets[offsets.count - 1]
                for row in 0..<list.count {
                    offsets.append(base + list.offsets[row + 1] - list.offsets[0])
                    isNull.append(list.isNull(at: row))
                }
            }
            // Offsets and nulls are laid out from valid columns, so the layout stays valid.
            guard let joined = try? ListColumnValues(offsets: offsets, isNull: isNull,
                                                     elements: concatenated(lists.map(\.elements), type: element)) else {
                preconditionFailure("concatenating valid list columns produced an invalid layout")
            }
            return .lists(joined)
        }
    }
}

extension ByteArrayColumn {
    /// The values of `pieces` one after another, copied buffer by buffer.
    static func concatenated(_ pieces: [ByteArrayColumn]) -> ByteArrayColumn {
        var storage: [UInt8] = []
        var offsets: [Int] = [0]
        var isNull: [Bool] = []
        storage.reserveCapacity(pieces.reduce(0) { $0 + $1.byteCount })
        offsets.reserveCapacity(pieces.reduce(1) { $0 + $1.count })
        isNull.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces {
            piece.withRawParts { raw, pieceOffsets, pieceNulls in
                let base = storage.count
                storage.append(contentsOf: raw.assumingMemoryBound(to: UInt8.self))
                for index in 1..<pieceOffsets.count { offsets.append(pieceOffsets[index] + base) }
                isNull.append(contentsOf: pieceNulls)
            }
        }
        return ByteArrayColumn(storage: storage, offsets: offsets, isNull: isNull)
    }
}
