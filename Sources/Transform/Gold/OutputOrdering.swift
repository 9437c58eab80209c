import Parquet

/// ORDER BY … LIMIT … over the output rows, as DuckDB orders: NULLs last in both directions,
/// strings byte-wise, NaN above every number, -0.0 equal to 0.0, ties in input order.
enum OutputOrdering {
    static func apply(_ order: [OutputOrder], limit: Int?, to batch: ColumnBatch) -> ColumnBatch {
        let rowCount = batch.rowCount
        if order.isEmpty {
            guard let limit, limit < rowCount else { return batch }
            let rows = (0..<Int32(truncatingIfNeeded: limit)).map { $0 }
            return ColumnBatch(batch.columns.map { $0.gathered(rows) })
        }
        let keys = order.map { (keys: sortKeys(batch.columns[$0.column]), descending: $0.descending) }
        var rows = (0..<Int32(truncatingIfNeeded: rowCount)).map { $0 }
        rows.sort { a, b in
            for key in keys {
                let x = key.keys[Int(a)], y = key.keys[Int(b)]
                // Present before absent whichever the direction: NULLS LAST.
                if x.present != y.present { return x.present }
                if x.image != y.image { return key.descending ? x.image > y.image : x.image < y.image }
            }
            return a < b
        }
        if let limit, limit < rows.count { rows.removeLast(rows.count - limit) }
        return ColumnBatch(batch.columns.map { $0.gathered(rows) })
    }

    /// Each value as an order-preserving fixed-width key: numbers, dates and booleans through
    /// `OrderKey`, strings as their rank among the column's distinct values.
    static func sortKeys(_ column: ColumnValues) -> [OrderKey] {
        switch column {
        case .doubles(let values):
            // Every NaN one (positive) bit pattern, which OrderKey places above +infinity.
            return values.map { $0.map { OrderKey.double($0.isNaN ? .nan : $0) } ?? .null }
        case .byteArrays(let strings):
            return ranks(strings)
        case .lists:
            preconditionFailure("ordering by a list column (bind admits scalar output columns only)")
        default:
            return OrderKey.keys(of: column) ?? []
        }
    }

    /// Ranks of a string column's values in byte order (equal values share a rank).
    private static func ranks(_ strings: ByteArrayColumn) -> [OrderKey] {
        strings.withRawParts { raw, offsets, isNull in
            func bytes(_ row: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: raw[offsets[row]..<offsets[row + 1]]) }
            var present = (0..<isNull.count).filter { !isNull[$0] }
            present.sort { StringExtremeAccumulator.compare(bytes($0), bytes($1)) < 0 }
            var keys = [OrderKey](repeating: .null, count: isNull.count)
            var rank: UInt64 = 0
            for (position, row) in present.enumerated() {
                if position > 0 && StringExtremeAccumulator.compare(bytes(present[position - 1]), bytes(row)) != 0 { rank += 1 }
                keys[row] = OrderKey(present: true, image: rank)
            }
            return keys
        }
    }
}
