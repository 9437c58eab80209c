import Foundation
import Lake
import MedallionCore
import Testing
import TestSupport

/// How often FetchAndHash reads a local source and what it writes: an unchanged source is
/// hashed where it lies and skipped with nothing written; a changed one lands byte for byte;
/// one that changes between being hashed and being copied publishes nothing.
struct FetchAndHashSourceReadTests {
    /// Over 4 MiB, so that each read of it reports a count below its size first (see `RecordingProgress.passes`).
    static let rows = 4_500

    private func sha256(_ url: URL) throws -> String {
        try StreamingSHA256.hexDigest(ofFileAt: url.path)
    }

    /// The source with one byte changed (a letter's case), keeping its size.
    private func rewrite(_ url: URL, at fraction: Double) throws {
        var bytes = try Data(contentsOf: url)
        var index = Int(Double(bytes.count) * fraction)
        while !(bytes[index] >= 0x61 && bytes[index] <= 0x7A) { index += 1 }
        bytes[index] -= 0x20
        try bytes.write(to: url)
    }

    /// The run is of the source as it is now, whose raw copy is byte for byte the source, and
    /// no staging is left.
    private func expectLandedAsItIs(_ ws: RunnerWorkspace, summary: RunSummary) throws {
        let sha = try sha256(ws.source)
        #expect(summary.sourceSHA256 == sha)
        let landed = try #require(try ws.rawFiles().first { $0.hasSuffix("/\(sha).csv") })
        #expect(try Data(contentsOf: ws.lake.appendingPathComponent(landed)) == (try Data(contentsOf: ws.source)))
        #expect(try ws.stagingLeftovers().isEmpty)
    }

    private func firstRun(_ ws: RunnerWorkspace) async throws -> RunSummary {
        try RunnerWorkspace.csv(rows: Self.rows).write(to: ws.source)
        #expect(try FileManager.default.attributesOfItem(atPath: ws.source.path)[.size] as? Int ?? 0 > 4 << 20)
        let first = try await ws.run()
        #expect(first.status == .succeeded, "\(first.error ?? "")")
        return first
    }

    @Test func anUnchangedSourceIsReadOnceAndNothingIsWritten() async throws {
        let ws = try RunnerWorkspace("skipread")
        defer { ws.remove() }
        let first = try await firstRun(ws)
        let before = try DirectorySnapshot.of(ws.lake)
        let progress = RecordingProgress()
        let skip = try await ws.run(progress: progress)
        #expect(skip.status == .skipped, "\(skip.error ?? "")")
        #expect(skip.sourceSHA256 == first.sourceSHA256)
        #expect(skip.outputs.bronze == nil)
        #expect(try DirectorySnapshot.of(ws.lake) == before, "a skip must not write, not even a staging directory")
        #expect(progress.passes == 1, "\(progress.bytes)")
        #expect(progress.bytes.last == Int64(try Data(contentsOf: ws.source).count))
    }

    @Test func aForcedRunOfBytesAlreadyLandedTodayCopiesNothing() async throws {
        let ws = try RunnerWorkspace("forceread")
        defer { ws.remove() }
        _ = try await firstRun(ws)
        let raw = try ws.rawFiles()
        #expect(raw.count == 1)
        let progress = RecordingProgress()
        let forced = try await ws.run(force: true, progress: progress)
        #expect(forced.status == .succeeded, "\(forced.error ?? "")")
        #expect(forced.forced)
        #expect(progress.passes == 1, "\(progress.bytes)")
        #expect(try ws.rawFiles() == raw)
        #expect(try ws.stagingLeftovers().isEmpty)
    }

    @Test func aChangedSourceOfTheSameSizeIsHashedThenCopiedExactly() async throws {
        let ws = try RunnerWorkspace("samesize")
        defer { ws.remove() }
        let first = try await firstRun(ws)
        try rewrite(ws.source, at: 0.5)
        let progress = RecordingProgress()
        let changed = try await ws.run(progress: progress)
        #expect(changed.status == .succeeded, "\(changed.error ?? "")")
        #expect(changed.sourceSHA256 != first.sourceSHA256)
        // Hashed where it lies, then (its hash being new) copied.
        #expect(progress.passes == 2, "\(progress.bytes)")
        try expectLandedAsItIs(ws, summary: changed)
    }

    @Test func aChangedSourceOfAnotherSizeIsCopiedInOneRead() async throws {
        let ws = try RunnerWorkspace("newsize")
        defer { ws.remove() }
        _ = try await firstRun(ws)
        try RunnerWorkspace.csv(rows: Self.rows + 10).write(to: ws.source)
        let progress = RecordingProgress()
        let changed = try await ws.run(progress: progress)
        #expect(changed.status == .succeeded, "\(changed.error ?? "")")
        #expect(changed.rows.bronze == Int64(Self.rows + 10))
        #expect(progress.passes == 1, "\(progress.bytes)")
        try expectLandedAsItIs(ws, summary: changed)
    }

    @Test func aSourceRewrittenBetweenHashAndCopyPublishesNothing() async throws {
        let ws = try RunnerWorkspace("racing")
        defer { ws.remove() }
        let first = try await firstRun(ws)
        let files = try Set(FileManager.default.subpathsOfDirectory(atPath: ws.lake.path))
        try rewrite(ws.source, at: 0.25)
        let source = ws.source
        let progress = RecordingProgress()
        // Once the source has been hashed (and before it is copied), a writer changes it again.
        progress.once(atEndOfRead: { try? self.rewrite(source, at: 0.75) })
        let raced = try await ws.run(progress: progress)
        #expect(raced.status == .failed)
        let error = raced.error ?? ""
        #expect(error.contains("Medallion.SourceChanged"), "\(error)")
        #expect(error.contains("file:data/racing.csv"), "\(error)")
        #expect(error.contains("changed while it was being read"), "\(error)")
        #expect(try Set(FileManager.default.subpathsOfDirectory(atPath: ws.lake.path)) == files,
                "nothing of the failed run may stay in the lake")
        let version = try ws.environment.openManifest().latestVersion(dataset: ws.dataset)
        #expect(version?.runId == first.runId)

        // The writer is done: the next run lands the file as it now is.
        let next = try await ws.run()
        #expect(next.status == .succeeded, "\(next.error ?? "")")
        try expectLandedAsItIs(ws, summary: next)
    }
}
