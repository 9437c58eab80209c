import Foundation

/// Exact continuous quantiles per group (DuckDB's `quantile_cont`, `median`): for a group's n
/// values in order, quantile q is the value at position q·(n−1), interpolated linearly between
/// its neighbours. Nulls are left out by the caller; a group without values has no quantile.
///
/// Values are kept as 16-byte (group, order key) records. Within `budgetBytes` they are sorted
/// in memory; past it, each full buffer is sorted and written as a run to `spillDirectory`,
/// and the runs are merged in one streaming pass at the end, so memory stays at the budget
/// however many values come.
public final class GroupQuantiles {
    private struct Entry: Comparable {
        var group: UInt32
        var key: UInt64

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.group != rhs.group ? lhs.group < rhs.group : lhs.key < rhs.key
        }
    }

    private let quantiles: [Double]
    private let budgetEntries: Int
    private let spillDirectory: URL?
    private var buffer: [Entry] = []
    private var runs: [SpillFile] = []
    private var counts: [Int] = []

    /// `quantiles` are fractions in 0…1, reported in this order for every group.
    public init(quantiles: [Double], budgetBytes: Int, spillDirectory: URL?) {
        self.quantiles = quantiles
        budgetEntries = max(1024, budgetBytes / MemoryLayout<Entry>.stride)
        self.spillDirectory = spillDirectory
    }

    /// Runs written to disk so far (0 when everything fits the budget).
    public var spilledRuns: Int { runs.count }

    public func add(group: Int, value: Double) throws {
        if group >= counts.count { counts.append(contentsOf: repeatElement(0, count: group + 1 - counts.count)) }
        counts[group] += 1
        buffer.append(Entry(group: UInt32(group), key: Self.key(value)))
        if buffer.count >= budgetEntries { try spill() }
    }

    /// Quantiles per group (index = group), in the order given at `init`; nil for a group
    /// that received no value. `groups` extends the result to groups that got no value at all.
    public func finish(groups: Int) throws -> [[Double?]] {
        if counts.count < groups { counts.append(contentsOf: repeatElement(0, count: groups - counts.count)) }
        var result = [[Double?]](repeating: Array(repeating: nil, count: quantiles.count), count: counts.count)
        var positions: [(lower: Int, upper: Int, fraction: Double)] = []
        var picked: [Double] = []
        var currentGroup = -1
        var index = 0
        func begin(_ group: Int) {
            currentGroup = group
            index = 0
            let n = counts[group]
            positions = quantiles.map { q in
                let position = q * Double(n - 1)
                let lower = Int(position.rounded(.down))
                return (lower, min(n - 1, lower + 1), position - Double(lower))
            }
            picked = Array(repeating: 0, count: quantiles.count * 2)
        }
        func take(_ entry: Entry) {
            let group = Int(entry.group)
            if group != currentGroup { begin(group) }
            let value = Self.value(entry.key)
            for (slot, position) in positions.enumerated() {
                if index == position.lower { picked[slot * 2] = value }
                if index == position.upper { picked[slot * 2 + 1] = value }
            }
            index += 1
            if index == counts[group] {
                for (slot, position) in positions.enumerated() {
                    let low = picked[slot * 2], high = picked[slot * 2 + 1]
                    result[group][slot] = position.fraction == 0 ? low : low + position.fraction * (high - low)
                }
            }
        }
        if runs.isEmpty {
            buffer.sort()
            for entry in buffer { take(entry) }
            buffer = []
            return result
        }
        try spill()
        try merge(take)
        return result
    }

    private func spill() throws {
        guard !buffer.isEmpty else { return }
        guard let spillDirectory else { throw TransformError.spill("no directory for quantile spill files") }
        buffer.sort()
        let file = try SpillFile(path: spillDirectory.appendingPathComponent("quantiles-\(runs.count)-\(UUID().uuidString.prefix(8)).bin").path)
        try buffer.withUnsafeBytes { try file.append($0) }
        runs.append(file)
        buffer.removeAll(keepingCapacity: true)
    }

    /// K-way merge of the sorted runs, reading each in chunks.
    private func merge(_ take: (Entry) -> Void) throws {
        let chunk = max(256, budgetEntries / max(1, runs.count))
        var readers = try runs.map { try SpillReader<Entry>(file: $0, chunk: chunk) }
        var heads: [(entry: Entry, run: Int)] = []
        for index in readers.indices {
            if let first = try readers[index].next() { heads.append((first, index)) }
        }
        // A binary heap on the run heads.
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = parent * 2 + 1, right = left + 1
                var smallest = parent
                if left < heads.count && heads[left].entry < heads[smallest].entry { smallest = left }
                if right < heads.count && heads[right].entry < heads[smallest].entry { smallest = right }
                if smallest == parent { return }
                heads.swapAt(parent, smallest)
                parent = smallest
            }
        }
        for index in stride(from: heads.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        while let top = heads.first {
            take(top.entry)
            if let next = try readers[top.run].next() {
                heads[0] = (next, top.run)
            } else {
                heads[0] = heads[heads.count - 1]
                heads.removeLast()
            }
            if !heads.isEmpty { siftDown(0) }
        }
        for run in runs { run.remove() }
        runs = []
    }

    /// Doubles as unsigned integers in the same order; NaN (any sign) last, as DuckDB sorts it;
    /// -0.0 as 0.0.
    static func key(_ value: Double) -> UInt64 {
        let normalised = value.isNaN ? Double.nan : (value == 0 ? 0 : value)
        let bits = normalised.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
}
