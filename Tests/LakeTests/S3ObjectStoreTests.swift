import Foundation
import Testing
import TestSupport
@testable import Lake

/// Every test gets its own moto_server that verifies signatures (see MotoServer).
@Suite(.serialized) struct S3ObjectStoreTests {
    private func open(_ moto: MotoServer, prefix: String = "lake") throws -> any ObjectStore {
        try ObjectStores.open("s3://\(moto.bucket)/\(prefix)", environment: moto.environment)
    }

    private func sha256sum(_ url: URL) throws -> String {
        String(try runProcess("/usr/bin/sha256sum", [url.path]).stdout.split(separator: " ").first ?? "")
    }

    @Test func putGetHeadDeleteVerifiedWithBoto3() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("s3-basic")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try open(moto)
        #expect(store.rootURI == "s3://\(moto.bucket)/lake")

        let oddKey = "raw/ds/ingest_date=2026-11-25/a b+c~(1)ü.csv"
        try await store.put(key: oddKey, bytes: Array("id,name\n1,x\n".utf8))
        let file = dir.appendingPathComponent("payload.bin")
        try FaultServer.payload(3 << 20).write(to: file)
        try await store.put(key: "raw/ds/payload.bin", fileAt: file)

        let check = try moto.boto3("""
            for key in sys.argv[1:]:
                body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                print(key, len(body), hashlib.sha256(body).hexdigest())
            """, ["lake/" + oddKey, "lake/raw/ds/payload.bin"])
        #expect(check.status == 0, "\(check.stderr)")
        let lines = check.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first == "lake/\(oddKey) 12 " + StreamingSHA256.hex(of: Array("id,name\n1,x\n".utf8)))
        #expect(lines.last == "lake/raw/ds/payload.bin \(3 << 20) " + (try sha256sum(file)))

        let head = try await store.head(key: "raw/ds/payload.bin")
        #expect(head?.size == Int64(3 << 20))
        #expect(head?.etag?.isEmpty == false)
        #expect(head?.lastModified != nil)
        #expect(try await store.head(key: "raw/ds/absent") == nil)

        let out = dir.appendingPathComponent("back/payload.bin")
        try await store.get(key: "raw/ds/payload.bin", to: out)
        #expect(try sha256sum(out) == (try sha256sum(file)))
        #expect(try await store.get(key: "raw/ds/payload.bin", range: 100..<164) == Array(FaultServer.payload(3 << 20)[100..<164]))
        #expect(try await store.get(key: oddKey, range: 3..<1000) == Array("name\n1,x\n".utf8))
        await #expect(throws: StorageError.self) { try await store.get(key: "raw/none", to: out) }

        try await store.delete(key: oddKey)
        try await store.delete(key: "raw/never-there")
        let remaining = try moto.boto3("""
            print(json.dumps([o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]))
            """)
        #expect(remaining.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\"lake/raw/ds/payload.bin\"]")
    }

    @Test func wrongSecretIsAccessDenied() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        var environment = moto.environment
        environment["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-" + moto.secretAccessKey.prefix(4)
        let store = try ObjectStores.open("s3://\(moto.bucket)", environment: environment)
        do {
            try await store.put(key: "x", bytes: [1, 2, 3])
            Issue.record("a wrong secret must not be accepted")
        } catch let error as StorageError {
            guard case .s3(let code, _, _, let status, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(code == "AccessDenied" || code == "SignatureDoesNotMatch")
            #expect(status == 403)
            #expect(!error.isTransient)
            #expect(!error.description.contains(moto.secretAccessKey))
            #expect(!error.description.contains(environment["AWS_SECRET_ACCESS_KEY"] ?? "?"))
        }
        // The right secret works against the same server.
        try await open(moto).put(key: "x", bytes: [1, 2, 3])
        #expect(try await open(moto).head(key: "x")?.size == 3)
    }
}

extension StreamingSHA256 {
    static func hex(of bytes: [UInt8]) -> String {
        var hasher = StreamingSHA256()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeHex()
    }
}
