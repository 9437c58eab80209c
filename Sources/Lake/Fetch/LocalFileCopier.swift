/// Copies a local file into a `DownloadSink`, hashing in the same pass.
enum LocalFileCopier {
    static func copy(_ source: LocalSourceFile, into sink: DownloadSink) throws -> FetchResult {
        sink.total = source.size
        try source.forEachChunk { try sink.write($0) }
        let digest = try sink.finish()
        return FetchResult(notModified: false, sha256: digest, bytes: sink.written, etag: nil, lastModified: source.lastModified)
    }
}
