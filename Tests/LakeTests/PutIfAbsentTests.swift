import Foundation
import Lake
import Testing
import TestSupport

/// `putIfAbsent`, the create-if-absent write Delta commits rely on: of many writers racing for
/// one key exactly one wins and the object holds its bytes, locally (`link()`) and on S3
/// (`If-None-Match: *`, answered by moto).
@Suite struct PutIfAbsentTests {
    func race(_ store: any ObjectStore, key: String, writers: Int) async throws -> (winners: [Int], stored: [UInt8]) {
        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for writer in 0..<writers {
                group.addTask { (writer, try await store.putIfAbsent(key: key, bytes: Array("writer \(writer)".utf8))) }
            }
            var all: [(Int, Bool)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let size = try #require(try await store.head(key: key)).size
        return (results.filter(\.1).map(\.0), try await store.get(key: key, range: 0..<size))
    }

    @Test func localWritersRaceAndOneWins() async throws {
        let root = try TestEnvironment.makeTemporaryDirectory("put-if-absent")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try LocalObjectStore(root: root)
        for round in 0..<20 {
            let (winners, stored) = try await race(store, key: "t/_delta_log/\(round).json", writers: 8)
            #expect(winners.count == 1)
            #expect(stored == Array("writer \(winners[0])".utf8))
        }
        // No temporary file is left beside the commits.
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("t/_delta_log").path)
        #expect(names.count == 20 && names.allSatisfy { $0.hasSuffix(".json") }, "\(names)")
        #expect(try await store.putIfAbsent(key: "t/_delta_log/0.json", bytes: [1]) == false)
    }

    @Test func s3AnswersTakenKeysWithPreconditionFailed() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let store = try ObjectStores.open("s3://\(moto.bucket)/lake", environment: moto.environment)
        #expect(try await store.putIfAbsent(key: "t/_delta_log/00000000000000000000.json", bytes: Array("first".utf8)))
        #expect(try await store.putIfAbsent(key: "t/_delta_log/00000000000000000000.json", bytes: Array("second".utf8)) == false)
        #expect(try await store.get(key: "t/_delta_log/00000000000000000000.json", range: 0..<100) == Array("first".utf8))
        // Sequential writers are what moto can referee: it checks, then stores, without a lock,
        // so simultaneous PUTs to one key can both pass (S3 itself serialises them).
    }
}
