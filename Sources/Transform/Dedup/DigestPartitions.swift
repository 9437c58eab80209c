import Foundation

/// Digest records of a whole input, split by digest into partitions small enough to resolve
/// one at a time within a memory budget. With one partition they stay in memory; with more,
/// each partition's records go to its own spill file in 1 MiB appends, and are read back
/// one partition at a time. Records of a partition come back in the order they were added.
final class DigestPartitions {
    private let partitionBits: Int
    private var buffers: [[DigestRecord]]
    private var files: [SpillFile?]
    private let directory: URL?
    private static let flushRecords = (1 << 20) / MemoryLayout<DigestRecord>.stride

    /// Records one resolution holds at once, at most: 32 bytes each plus 8 bytes of table.
    static func partitionCount(records: Int, budgetBytes: Int) -> Int {
        let perPartition = max(1024, budgetBytes / 48)
        var count = 1
        while count * perPartition < records { count *= 2 }
        return count
    }

    /// `directory` receives spill files when `partitions` > 1; the caller removes it.
    init(partitions: Int, directory: URL?) {
        precondition(partitions > 0 && partitions & (partitions - 1) == 0, "partition count must be a power of two")
        partitionBits = partitions.trailingZeroBitCount
        buffers = Array(repeating: [], count: partitions)
        files = Array(repeating: nil, count: partitions)
        self.directory = directory
    }

    /// As many partitions as `records` rows need to be resolved one at a time within `budgetBytes`.
    convenience init(records: Int, budgetBytes: Int, directory: URL?) {
        self.init(partitions: Self.partitionCount(records: records, budgetBytes: budgetBytes), directory: directory)
    }

    var count: Int { buffers.count }

    @inline(__always)
    private func partition(of digest: RowDigest) -> Int {
        partitionBits == 0 ? 0 : Int(digest.high >> UInt64(64 - partitionBits))
    }

    func add(_ record: DigestRecord) throws {
        let index = partition(of: record.digest)
        buffers[index].append(record)
        if buffers.count > 1 && buffers[index].count >= Self.flushRecords { try flush(index) }
    }

    private func flush(_ index: Int) throws {
        guard !buffers[index].isEmpty else { return }
        if files[index] == nil {
            guard let directory else { throw TransformError.spill("no directory for de-duplication spill files") }
            files[index] = try SpillFile(path: directory.appendingPathComponent("digests-\(index).bin").path)
        }
        try buffers[index].withUnsafeBytes { try files[index]?.append($0) }
        buffers[index].removeAll(keepingCapacity: true)
    }

    /// Hands each partition's records to `body`, in insertion order, then frees them.
    func forEachPartition(_ body: ([DigestRecord]) throws -> Void) throws {
        for index in buffers.indices {
            var records: [DigestRecord] = []
            if let file = files[index] {
                records = try file.readAll(as: DigestRecord.self)
                file.remove()
                files[index] = nil
            }
            records.append(contentsOf: buffers[index])
            buffers[index] = []
            try body(records)
        }
    }

    deinit {
        for file in files { file?.remove() }
    }
}
