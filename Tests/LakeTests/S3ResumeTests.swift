import Foundation
import Testing
import TestSupport
@testable import Lake

/// An `s3://` source download cut off mid-body resumes with a signed `Range` request that a
/// real S3 emulator (moto, verifying signatures) accepts, and the hash covers exactly the
/// object's bytes.
@Suite(.serialized) struct S3ResumeTests {
    /// The first GET of a path ending in argv[2] gets its full headers but only half its body,
    /// then the connection drops. Requests are appended to the file argv[3] as JSON lines.
    static let cutFirstDownload = """
        with open(sys.argv[3], "a") as f:
            f.write(json.dumps({"method": handler.command, "path": handler.path,
                                "range": handler.headers.get("Range"), "ifRange": handler.headers.get("If-Range")}) + "\\n")
        if handler.command == "GET" and handler.path.split("?")[0].endswith(sys.argv[2]) and not state.get("cut") and len(data) > 1:
            state["cut"] = True
            return "cut"
        return "relay"
        """

    @Test func droppedS3DownloadResumesWithSignedRange() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("s3-resume")
        defer { try? FileManager.default.removeItem(at: dir) }
        let size = 3 << 20
        let source = dir.appendingPathComponent("source.bin")
        try FaultServer.payload(size).write(to: source)
        let store = try ObjectStores.open("s3://\(moto.bucket)/lake", environment: moto.environment)
        try await store.put(key: "raw/resume/data.bin", fileAt: source)

        let log = dir.appendingPathComponent("requests.jsonl")
        let proxy = try RelayProxy(upstream: moto.endpoint, arguments: ["/raw/resume/data.bin", log.path], answer: Self.cutFirstDownload)
        defer { proxy.stop() }
        let fetcher = SourceFetcher(baseDirectory: dir, environment: moto.environment(through: proxy))
        let staged = dir.appendingPathComponent("staged.bin")
        let result = try await fetcher.fetch("s3://\(moto.bucket)/lake/raw/resume/data.bin", to: staged, conditional: nil) { _ in }

        let expected = StreamingSHA256.hex(of: Array(try Data(contentsOf: source)))
        #expect(result.sha256 == expected)
        #expect(result.bytes == Int64(size))
        #expect(StreamingSHA256.hex(of: Array(try Data(contentsOf: staged))) == expected)
        let requests = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let gets = requests.filter { $0["method"] as? String == "GET" }
        #expect(gets.count == 2, "\(requests)")
        #expect(gets.last?["range"] as? String == "bytes=\(size / 2)-")
        #expect(gets.last?["ifRange"] is String, "a resumed GET must be conditional on the object's ETag")
    }
}
