import Parquet

/// The distinct combinations of dictionary-coded group-by columns in one batch, numbered in
/// the order rows first show them. `HashAggregate` digests and looks up one row per
/// combination (the dictionary values it names) instead of one per row, then gives each row
/// its combination's group by array lookup.
///
/// Combinations are told apart by their codes, not their values: a dictionary that repeats a
/// value (or -0.0 beside 0.0, NaNs made one) gives two combinations that resolve to the same
/// group, so the result is the same either way. Only combinations that occur in the batch
/// are made, so a dictionary entry whose rows a `where` removed never becomes a group.
struct DictionaryGroupKeys {
    /// Per row, the number of its combination.
    let combinationOfRow: [Int32]
    /// Per key column, per combination: the dictionary index, or -1 for null.
    let representatives: [[Int32]]

    var count: Int { representatives.first?.count ?? 0 }

    /// Nil when the combinations cannot be numbered as one integer (dictionaries whose sizes
    /// multiply past 2⁴⁰); the caller then groups by the values.
    init?(_ columns: [DictionaryCodedColumn], rowCount: Int) {
        // Mixed radix: column i contributes (code + 1) · stride_i, null being 0.
        var strides: [Int] = []
        var span = 1
        for column in columns {
            strides.append(span)
            let (product, overflow) = span.multipliedReportingOverflow(by: column.dictionary.count + 1)
            guard !overflow, product <= 1 << 40 else { return nil }
            span = product
        }
        var combinationOfRow = [Int32](repeating: 0, count: rowCount)
        var representatives = columns.map { _ in [Int32]() }
        if columns.count == 1 {
            // One column: the code itself indexes the table.
            var slots = [Int32](repeating: -1, count: span)
            var found: [Int32] = []
            columns[0].codes.withUnsafeBufferPointer { codes in
                slots.withUnsafeMutableBufferPointer { slots in
                    combinationOfRow.withUnsafeMutableBufferPointer { out in
                        for row in 0..<rowCount {
                            let key = Int(codes[row]) &+ 1
                            var combination = slots[key]
                            if combination < 0 {
                                combination = Int32(truncatingIfNeeded: found.count)
                                slots[key] = combination
                                found.append(codes[row])
                            }
                            out[row] = combination
                        }
                    }
                }
            }
            representatives[0] = found
        } else {
            var keys = [Int](repeating: 0, count: rowCount)
            keys.withUnsafeMutableBufferPointer { keys in
                for (column, stride) in zip(columns, strides) {
                    column.codes.withUnsafeBufferPointer { codes in
                        for row in 0..<rowCount { keys[row] &+= (Int(codes[row]) &+ 1) &* stride }
                    }
                }
            }
            // A table as large as the key space while it stays small next to the batch;
            // a hash map beyond.
            var direct = span <= Swift.max(1 << 16, rowCount * 2) ? [Int32](repeating: -1, count: span) : []
            var hashed: [Int: Int32] = [:]
            var combinations: Int32 = 0
            for row in 0..<rowCount {
                let key = keys[row]
                let known = direct.isEmpty ? hashed[key] : (direct[key] >= 0 ? direct[key] : nil)
                if let known {
                    combinationOfRow[row] = known
                    continue
                }
                if direct.isEmpty { hashed[key] = combinations } else { direct[key] = combinations }
                for position in columns.indices { representatives[position].append(columns[position].codes[row]) }
                combinationOfRow[row] = combinations
                combinations += 1
            }
        }
        self.combinationOfRow = combinationOfRow
        self.representatives = representatives
    }
}
