/// Hashes a local source where it lies: one sequential read, nothing written. What lets an
/// unchanged source be skipped at the cost of hashing it, with no copy and no free space needed.
enum LocalFileHasher {
    static func hash(_ source: LocalSourceFile, progress: @escaping @Sendable (FetchProgress) -> Void) throws -> FetchResult {
        var pacer = ProgressPacer(progress)
        pacer.total = source.size
        var hasher = StreamingSHA256()
        try source.forEachChunk { chunk in
            hasher.update(chunk)
            pacer.advance(to: hasher.byteCount)
        }
        pacer.report(hasher.byteCount)
        return FetchResult(notModified: false, sha256: hasher.finalizeHex(), bytes: hasher.byteCount, etag: nil,
                           lastModified: source.lastModified)
    }
}
