import Foundation
import Parquet
import Testing
@testable import Transform
import TestSupport

/// One row per key, chosen as DESIGN says, in memory and when digests spill to partitions.
@Suite struct KeyWinnersTests {
    struct Row { var key: Int64?; var order: Int64? }

    /// The rule written naively: greatest order (nulls lowest), ties to the last row.
    static func expectedWinners(_ rows: [Row], ordered: Bool) -> Set<Int> {
        var best: [Int64?: Int] = [:]
        for (position, row) in rows.enumerated() {
            if let current = best[row.key], ordered {
                let a = rows[current].order, b = row.order
                let better: Bool
                switch (a, b) {
                case (nil, _): better = true
                case (.some, nil): better = false
                case (.some(let x), .some(let y)): better = y >= x
                }
                if better { best[row.key] = position }
            } else {
                best[row.key] = position
            }
        }
        return Set(best.values)
    }

    static func rows(count: Int, keys: Int, seed: UInt64) -> [Row] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let key = generator.next() % 50 == 0 ? nil : Int64(generator.next() % UInt64(keys))
            let order = generator.next() % 7 == 0 ? nil : Int64(generator.next() % 5) - 2
            return Row(key: key, order: order)
        }
    }

    func winners(_ rows: [Row], ordered: Bool, budget: Int) throws -> (Set<Int>, Int) {
        let spill = try TestDirectory()
        let winners = KeyWinners(rowCount: rows.count, budgetBytes: budget, spillDirectory: spill.url)
        let digester = RowDigester(seed: DigestSeed(a: 1, b: 2))
        let digests = digester.digests(of: [.int64s(rows.map(\.key))], rowCount: rows.count)
        let orders = OrderKey.keys(of: .int64s(rows.map(\.order))) ?? []
        for position in rows.indices {
            try winners.add(digest: digests[position], position: position, order: ordered ? orders[position] : .null)
        }
        let bits = try winners.resolve()
        return (Set(rows.indices.filter { bits[$0] }), winners.partitionCount)
    }

    @Test(arguments: [false, true])
    func inMemoryMatchesTheRule(ordered: Bool) throws {
        let rows = Self.rows(count: 20_000, keys: 3_000, seed: 7)
        let (got, partitions) = try winners(rows, ordered: ordered, budget: 64 << 20)
        #expect(partitions == 1)
        #expect(got == Self.expectedWinners(rows, ordered: ordered))
    }

    @Test(arguments: [false, true])
    func spilledPartitionsMatchTheRule(ordered: Bool) throws {
        let rows = Self.rows(count: 60_000, keys: 25_000, seed: 11)
        // 48 KiB of budget holds 1,024 records: 64 partitions on disk.
        let (got, partitions) = try winners(rows, ordered: ordered, budget: 48 << 10)
        #expect(partitions >= 32)
        #expect(got == Self.expectedWinners(rows, ordered: ordered))
    }

    @Test func orderKeysOrderLikeTheirValues() {
        let doubles: [Double?] = [nil, -.greatestFiniteMagnitude, -2.5, -0.0, 0.0, 1e-300, 3, .greatestFiniteMagnitude]
        let keys = OrderKey.keys(of: .doubles(doubles)) ?? []
        for i in 1..<keys.count { #expect(keys[i - 1] <= keys[i]) }
        #expect(keys[3] == keys[4])
        let ints = OrderKey.keys(of: .int64s([nil, .min, -1, 0, 1, .max])) ?? []
        for i in 1..<ints.count { #expect(ints[i - 1] < ints[i]) }
        #expect(OrderKey.keys(of: .byteArrays(ByteArrayColumn())) == nil)
    }

    @Test func duplicateMarkerFlagsEveryRowOfASharedValue() throws {
        let spill = try TestDirectory()
        let values: [Int64?] = [1, 2, 1, 3, nil, 2, 4, 1]
        for budget in [64 << 20, 1] {
            let marker = DuplicateMarker(rowCount: values.count, budgetBytes: budget, spillDirectory: spill.url)
            let digests = RowDigester(seed: DigestSeed(a: 3, b: 4)).digests(of: [.int64s(values)], rowCount: values.count)
            for (position, value) in values.enumerated() where value != nil {
                try marker.add(digest: digests[position], position: position)
            }
            let bits = try marker.resolve()
            #expect((0..<values.count).filter { bits[$0] } == [0, 1, 2, 5, 7])
        }
    }

    @Test func digestsSeparateValuesThatConcatenateAlike() {
        var a = ByteArrayColumn(), b = ByteArrayColumn()
        a.append("ab"); b.append("c")
        var c = ByteArrayColumn(), d = ByteArrayColumn()
        c.append("a"); d.append("bc")
        let digester = RowDigester(seed: DigestSeed(a: 5, b: 6))
        let first = digester.digests(of: [.byteArrays(a), .byteArrays(b)], rowCount: 1)
        let second = digester.digests(of: [.byteArrays(c), .byteArrays(d)], rowCount: 1)
        #expect(first != second)
        var nullColumn = ByteArrayColumn(), empty = ByteArrayColumn()
        nullColumn.appendNull(); empty.append("")
        #expect(digester.digests(of: [.byteArrays(nullColumn)], rowCount: 1) != digester.digests(of: [.byteArrays(empty)], rowCount: 1))
    }
}

/// A temporary directory removed when the value goes away.
final class TestDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-transform-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}
