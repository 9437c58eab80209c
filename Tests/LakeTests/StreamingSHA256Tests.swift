import Foundation
import Testing
import TestSupport
@testable import Lake

@Suite struct StreamingSHA256Tests {
    @Test(arguments: [0, 1, 131_072, 65_537, 3 * (1 << 20) + 17])
    func matchesSha256sum(size: Int) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("sha")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("input.bin")
        try Data((0..<size).map { UInt8(truncatingIfNeeded: ($0 &* 7919) >> 3) }).write(to: file)

        let ours = try StreamingSHA256.hexDigest(ofFileAt: file.path, chunkSize: 64 * 1024)
        let theirs = try runProcess("/usr/bin/sha256sum", [file.path]).stdout.split(separator: " ").first.map(String.init)
        #expect(ours == theirs)
    }

    @Test func missingFileIsANamedError() {
        #expect(throws: LakeIOError.self) { try StreamingSHA256.hexDigest(ofFileAt: "/nonexistent/medallion") }
    }
}
