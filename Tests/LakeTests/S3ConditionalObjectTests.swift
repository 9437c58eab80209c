import Foundation
import Lake
import Testing
import TestSupport

/// `S3ConditionalObject`, the synchronous read-and-replace the S3 manifest is built on, against
/// moto: a read says whether a held ETag is still current, and a write lands only over the
/// version it names (or only where there is none).
@Suite struct S3ConditionalObjectTests {
    @Test func writesLandOnlyOverTheVersionTheyName() throws {
        let moto = try MotoServer(bucket: "conditional")
        defer { moto.stop() }
        let object = try S3ConditionalObject(uri: "s3://conditional/meta/state.bin", environment: moto.environment)
        #expect(object.uri == "s3://conditional/meta/state.bin")
        #expect(try object.read(ifNoneMatch: nil) == .missing)

        let first = try #require(try object.write(.bytes(Array("one".utf8)), expected: .absent))
        #expect(try object.write(.bytes(Array("again".utf8)), expected: .absent) == nil)
        #expect(try object.read(ifNoneMatch: first) == .unchanged)
        #expect(try object.read(ifNoneMatch: nil) == .current(bytes: Array("one".utf8), etag: first))

        let file = try TestEnvironment.makeTemporaryDirectory("conditional").appendingPathComponent("two.bin")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        try Data("two".utf8).write(to: file)
        let second = try #require(try object.write(.file(file), expected: .etag(first)))
        #expect(second != first)
        // A writer still holding the first version is refused, and nothing changes.
        #expect(try object.write(.bytes(Array("stale".utf8)), expected: .etag(first)) == nil)
        #expect(try object.read(ifNoneMatch: first) == .current(bytes: Array("two".utf8), etag: second))

        // A sibling is a separate object in the same directory.
        let lock = try object.sibling(".locks/a.lock")
        #expect(lock.uri == "s3://conditional/meta/.locks/a.lock")
        let held = try #require(try lock.write(.bytes([1]), expected: .absent))
        #expect(try lock.delete(ifMatch: held))
        #expect(try lock.read(ifNoneMatch: nil) == .missing)
        #expect(try object.read(ifNoneMatch: second) == .unchanged)
    }

    @Test func aMissingBucketIsAnErrorNotAMissingObject() throws {
        let moto = try MotoServer(bucket: "conditional")
        defer { moto.stop() }
        let object = try S3ConditionalObject(uri: "s3://absent-bucket/state.bin", environment: moto.environment)
        #expect(throws: StorageError.self) { try object.read(ifNoneMatch: nil) }
        #expect(throws: StorageError.self) { try S3ConditionalObject(uri: "s3://conditional", environment: moto.environment) }
    }
}
