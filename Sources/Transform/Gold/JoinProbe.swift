import Parquet

/// Pairs left rows with their matching build-side rows, chunk by chunk: (left row, right row)
/// positions, right -1 for a left join's unmatched row. Only pairs that pass every condition
/// are produced, so no joined row is built just to be filtered away.
struct JoinProbe {
    /// Pairs handed over at a time: bounds the joined batch however many rows a key matches.
    static let chunkRows = 1 << 16

    private let join: BoundJoin
    private let build: JoinBuildSide
    private let digester: RowDigester
    private var leftRows: [Int32] = []
    private var rightRows: [Int32] = []

    init(join: BoundJoin, build: JoinBuildSide, digester: RowDigester) {
        self.join = join
        self.build = build
        self.digester = digester
        leftRows.reserveCapacity(Self.chunkRows)
        rightRows.reserveCapacity(Self.chunkRows)
    }

    /// Matches the rows of `batch` (left read columns) whose `keep` flag is set (all when nil)
    /// and calls `emit` with each chunk of pairs.
    mutating func probe(_ batch: ColumnBatch, rowCount: Int, keep: [Bool]?,
                        _ emit: (_ leftRows: [Int32], _ rightRows: [Int32]) throws -> Void) throws {
        let keys = JoinKeyColumns(join.keys.map { batch.columns[$0.left] }, widen: join.keys.map(\.widenLeft), rowCount: rowCount)
        let digests = digester.digests(of: keys.columns, rowCount: rowCount)
        let table = build.table
        let next = table.next
        let passes = build.passes
        let keepsUnmatched = join.kind == .left && join.unmatchedPassesRightConditions
        leftRows.removeAll(keepingCapacity: true)
        rightRows.removeAll(keepingCapacity: true)
        for row in 0..<rowCount {
            if let keep, !keep[row] { continue }
            var matched = false
            if !keys.hasNull[row] {
                var right = table.first(digests[row])
                while right >= 0 {
                    matched = true
                    if passes?[Int(right)] ?? true {
                        leftRows.append(Int32(truncatingIfNeeded: row))
                        rightRows.append(right)
                        if leftRows.count >= Self.chunkRows { try flush(emit) }
                    }
                    right = next[Int(right)]
                }
            }
            if !matched && keepsUnmatched {
                leftRows.append(Int32(truncatingIfNeeded: row))
                rightRows.append(-1)
                if leftRows.count >= Self.chunkRows { try flush(emit) }
            }
        }
        try flush(emit)
    }

    private mutating func flush(_ emit: ([Int32], [Int32]) throws -> Void) throws {
        guard !leftRows.isEmpty else { return }
        try emit(leftRows, rightRows)
        leftRows.removeAll(keepingCapacity: true)
        rightRows.removeAll(keepingCapacity: true)
    }
}
