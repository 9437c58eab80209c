import Foundation
import Testing
import TestSupport
@testable import Lake

/// A `file:` source hashed where it lies (the skip path) and copied against the hash of that
/// first read (the changed path).
struct LocalSourceHashingTests {
    private func sha256sum(_ url: URL) throws -> String {
        String(try runProcess("/usr/bin/sha256sum", [url.path]).stdout.split(separator: " ").first ?? "")
    }

    @Test func hashingInPlaceReadsOnceAndWritesNothing() async throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("hash-in-place")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("source.csv")
        let size = 9 << 20 + 5
        try FaultServer.payload(size).write(to: source)
        let before = try DirectorySnapshot.of(dir)
        let log = ProgressLog()
        let fetcher = SourceFetcher(baseDirectory: dir, environment: [:])
        let result = try #require(try await fetcher.hashInPlace("file:source.csv") { log.add($0) })
        #expect(result.sha256 == (try sha256sum(source)))
        #expect(result.bytes == Int64(size))
        #expect(!result.notModified)
        #expect(result.lastModified != nil)
        #expect(try DirectorySnapshot.of(dir) == before, "hashing in place must not create, change or remove anything")
        // One pass: the count only grows, ends at the size, and never starts over.
        let events = log.all
        #expect(events.count >= 2)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.bytes <= $1.bytes })
        #expect(events.last?.bytes == Int64(size))
        #expect(events.allSatisfy { $0.total == Int64(size) })
        #expect(try fetcher.localFileSize("file:source.csv") == Int64(size))
    }

    @Test func remoteSourcesAreNotHashedInPlace() async throws {
        let fetcher = SourceFetcher(baseDirectory: URL(fileURLWithPath: "/"), environment: [:])
        #expect(try await fetcher.hashInPlace("http://127.0.0.1:1/x.csv") { _ in } == nil)
        #expect(try await fetcher.hashInPlace("s3://bucket/key.csv") { _ in } == nil)
        #expect(try fetcher.localFileSize("https://example.com/x.csv") == nil)
    }

    @Test func missingOrIrregularLocalSourcesFailAsFetchErrors() async throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("hash-missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fetcher = SourceFetcher(baseDirectory: dir, environment: [:])
        #expect(throws: FetchError.self) { _ = try fetcher.localFileSize("file:missing.csv") }
        await #expect(throws: FetchError.self) { _ = try await fetcher.hashInPlace("file:missing.csv") { _ in } }
        do {
            _ = try fetcher.localFileSize("file:" + dir.path)
            Issue.record("a directory is not a source")
        } catch let error as FetchError {
            #expect(error.description.contains("not a regular file"))
        }
    }

    @Test func aCopyWithTheHashOfTheFirstReadIsKept() async throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("copy-expected")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("source.csv")
        try FaultServer.payload(3 << 20).write(to: source)
        let fetcher = SourceFetcher(baseDirectory: dir, environment: [:])
        let hashed = try #require(try await fetcher.hashInPlace("file:source.csv") { _ in })
        let copy = dir.appendingPathComponent("staging/source")
        let copied = try await fetcher.fetch("file:source.csv", to: copy, conditional: nil, expectedSHA256: hashed.sha256) { _ in }
        #expect(copied.sha256 == hashed.sha256)
        #expect(try Data(contentsOf: copy) == (try Data(contentsOf: source)))
    }

    @Test func aSourceChangedAfterItWasHashedIsNotCopied() async throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("copy-changed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("source.csv")
        var bytes = FaultServer.payload(2 << 20)
        try bytes.write(to: source)
        let fetcher = SourceFetcher(baseDirectory: dir, environment: [:])
        let hashed = try #require(try await fetcher.hashInPlace("file:source.csv") { _ in })
        // Rewritten in place between the two reads, keeping its size.
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: source)
        let copy = dir.appendingPathComponent("staging/source")
        do {
            _ = try await fetcher.fetch("file:source.csv", to: copy, conditional: nil, expectedSHA256: hashed.sha256) { _ in }
            Issue.record("a copy that does not match the first read must be refused")
        } catch let error as FetchError {
            guard case .sourceChanged(let url, let expected, let found) = error else { Issue.record("unexpected \(error)"); return }
            #expect(url == "file:source.csv")
            #expect(expected == hashed.sha256)
            #expect(found == (try sha256sum(source)))
            #expect(error.description.contains("file:source.csv"))
            #expect(error.description.contains("changed while it was being read"))
            #expect(!error.isTransient)
        }
        #expect(!FileManager.default.fileExists(atPath: copy.path), "the mismatched copy is removed")
    }
}
