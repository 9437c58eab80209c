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

    @Test func wrongSecretIsDeniedWithSignatureMismatch() async throws {
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
            // S3 (and moto) answer a bad signature with 403 SignatureDoesNotMatch, one of the
            // access-denied codes; an unknown key id would be InvalidAccessKeyId.
            #expect(code == "SignatureDoesNotMatch")
            #expect(error.s3Code?.isAuthorizationFailure == true)
            #expect(status == 403)
            #expect(!error.isTransient)
            #expect(!error.description.contains(moto.secretAccessKey))
            #expect(!error.description.contains(environment["AWS_SECRET_ACCESS_KEY"] ?? "?"))
        }
        // The right secret works against the same server.
        try await open(moto).put(key: "x", bytes: [1, 2, 3])
        #expect(try await open(moto).head(key: "x")?.size == 3)
    }

    /// A second IAM user, created with the allow-all key, may only read: its writes are
    /// AccessDenied, an unknown key id is InvalidAccessKeyId.
    @Test func permissionsAndUnknownKeysAreDenied() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let made = try runPython("""
            import boto3, json, sys
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                               aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
            iam.create_user(UserName="reader")
            iam.put_user_policy(UserName="reader", PolicyName="read", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}))
            key = iam.create_access_key(UserName="reader")["AccessKey"]
            print(key["AccessKeyId"], key["SecretAccessKey"])
            """, [moto.endpoint, moto.accessKeyID, moto.secretAccessKey])
        let parts = made.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(made.status == 0 && parts.count == 2, "\(made.stderr)")
        guard parts.count == 2 else { return }
        var reader = moto.environment
        reader["AWS_ACCESS_KEY_ID"] = parts[0]
        reader["AWS_SECRET_ACCESS_KEY"] = parts[1]
        let readOnly = try ObjectStores.open("s3://\(moto.bucket)", environment: reader)
        do {
            try await readOnly.put(key: "x", bytes: [1])
            Issue.record("a read-only user must not write")
        } catch let error as StorageError {
            #expect(error.s3Code == .accessDenied)
            #expect(error.httpStatus == 403)
            #expect(!error.isTransient)
        }
        var unknown = moto.environment
        unknown["AWS_ACCESS_KEY_ID"] = "AKIAUNKNOWNUNKNOWN00"
        do {
            _ = try await ObjectStores.open("s3://\(moto.bucket)", environment: unknown).list(prefix: "")
            Issue.record("an unknown key must be refused")
        } catch let error as StorageError {
            #expect(error.s3Code == .invalidAccessKeyID)
            #expect(!error.description.contains(moto.secretAccessKey))
        }
    }

    @Test func listPaginatesAndBatchDeletesMoreThan1000Keys() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let store = try open(moto)
        let keys = (0..<1_050).map { String(format: "bronze/ds/run=1/part-%05d.parquet", $0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: keys.count, by: 150) {
                let slice = Array(keys[chunk..<min(chunk + 150, keys.count)])
                group.addTask { for key in slice { try await store.put(key: key, bytes: Array(key.utf8)) } }
            }
            try await group.waitForAll()
        }
        try await store.put(key: "bronze/other/x", bytes: [0])

        let listed = try await store.list(prefix: "bronze/ds/")
        #expect(listed.map(\.key) == keys)
        #expect(listed.allSatisfy { $0.size == Int64($0.key.utf8.count) && $0.etag != nil && $0.lastModified != nil })
        let counted = try moto.boto3("""
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="lake/bronze/ds/")
            keys = [o["Key"] for p in pages for o in p.get("Contents", [])]
            print(len(keys), len(set(keys)))
            """)
        #expect(counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1050 1050")

        try await store.delete(keys: keys)
        let after = try moto.boto3("""
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="lake/")
            print(json.dumps([o["Key"] for p in pages for o in p.get("Contents", [])]))
            """)
        #expect(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\"lake/bronze/other/x\"]")
        #expect(try await store.list(prefix: "bronze/ds/").isEmpty)
    }

    @Test func multipartUploadOf50MiBAndS3SourceFetch() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("s3-multipart")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("big.bin")
        let made = try runProcess("/bin/sh", ["-c", "head -c \(50 << 20) /dev/urandom > '\(file.path)'"])
        #expect(made.status == 0)
        let expected = try sha256sum(file)
        let store = try open(moto)
        try await store.put(key: "raw/big/data.bin", fileAt: file)

        let check = try moto.boto3("""
            head = s3.head_object(Bucket=bucket, Key="lake/raw/big/data.bin")
            body = s3.get_object(Bucket=bucket, Key="lake/raw/big/data.bin")["Body"].read()
            uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
            print(head["ContentLength"], head["ETag"].strip('"').split("-")[-1], hashlib.sha256(body).hexdigest(), len(uploads))
            """)
        #expect(check.status == 0, "\(check.stderr)")
        // 50 MiB in 16 MiB parts: a 4-part multipart ETag, and no upload left open.
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(50 << 20) 4 \(expected) 0")

        let fetcher = SourceFetcher(baseDirectory: dir, environment: moto.environment)
        let staged = dir.appendingPathComponent("staged.bin")
        let log = ProgressLog()
        let result = try await fetcher.fetch("s3://\(moto.bucket)/lake/raw/big/data.bin", to: staged, conditional: nil) { log.add($0) }
        #expect(result.sha256 == expected)
        #expect(result.bytes == Int64(50 << 20))
        #expect(try sha256sum(staged) == expected)
        #expect(log.all.last?.bytes == Int64(50 << 20))
        let again = try await fetcher.fetch("s3://\(moto.bucket)/lake/raw/big/data.bin", to: staged,
                                            conditional: ConditionalRequest(etag: result.etag, lastModified: nil)) { _ in }
        #expect(again.notModified)
        await #expect(throws: FetchError.self) {
            _ = try await fetcher.fetch("s3://\(moto.bucket)/lake/missing", to: staged, conditional: nil) { _ in }
        }
    }

    @Test func publishWritesObjectsThenSuccessMarker() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("s3-publish")
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [(name: String, localFile: URL)] = []
        for index in 0..<3 {
            let url = dir.appendingPathComponent("p\(index)")
            try Data("part \(index)".utf8).write(to: url)
            files.append((String(format: "part-%05d.parquet", index), url))
        }
        let store = try open(moto)
        let prefix = "silver/ds/version=20261125T000000Z-0123abcd"
        try await store.publish(prefix: prefix, files: files)
        let check = try moto.boto3("""
            objs = s3.list_objects_v2(Bucket=bucket, Prefix="lake/silver/")["Contents"]
            for o in objs:
                body = s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read().decode()
                print(o["Key"], repr(body))
            """)
        #expect(check.stdout.split(separator: "\n").map(String.init) == [
            "lake/\(prefix)/_SUCCESS ''",
            "lake/\(prefix)/part-00000.parquet 'part 0'",
            "lake/\(prefix)/part-00001.parquet 'part 1'",
            "lake/\(prefix)/part-00002.parquet 'part 2'",
        ])
        // A failing file aborts the publish before _SUCCESS is written.
        await #expect(throws: StorageError.self) {
            try await store.publish(prefix: "gold/ds/t/version=1", files: [("part-00000.parquet", dir.appendingPathComponent("missing"))])
        }
        #expect(try await store.head(key: "gold/ds/t/version=1/_SUCCESS") == nil)
    }
}

extension StreamingSHA256 {
    static func hex(of bytes: [UInt8]) -> String {
        var hasher = StreamingSHA256()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeHex()
    }
}
