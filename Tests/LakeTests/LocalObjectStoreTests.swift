import Foundation
import Testing
import TestSupport
@testable import Lake

@Suite struct LocalObjectStoreTests {
    private func makeStore() throws -> (LocalObjectStore, URL) {
        let dir = try TestEnvironment.makeTemporaryDirectory("local-store")
        return (try LocalObjectStore(root: dir.appendingPathComponent("lake")), dir)
    }

    @Test func putGetHeadListDelete() async throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(store.rootURI == "file://" + dir.appendingPathComponent("lake").standardizedFileURL.path)
        #expect(store.uri(for: "raw/a.csv") == store.rootURI + "/raw/a.csv")

        try await store.put(key: "raw/ds/a.csv", bytes: Array("hello,world\n".utf8))
        let source = dir.appendingPathComponent("src.bin")
        try FaultServer.payload(100_000).write(to: source)
        try await store.put(key: "raw/ds/b.bin", fileAt: source)
        try await store.put(key: "raw/other/c", bytes: [1, 2, 3])

        let head = try await store.head(key: "raw/ds/b.bin")
        #expect(head?.size == 100_000)
        #expect(try await store.head(key: "raw/ds/missing") == nil)
        #expect(try await store.head(key: "raw/ds") == nil)

        let out = dir.appendingPathComponent("copy/b.bin")
        try await store.get(key: "raw/ds/b.bin", to: out)
        #expect(try Data(contentsOf: out) == FaultServer.payload(100_000))
        #expect(try await store.get(key: "raw/ds/b.bin", range: 10..<20) == Array(FaultServer.payload(100_000)[10..<20]))
        #expect(try await store.get(key: "raw/ds/b.bin", range: 99_990..<200_000).count == 10)
        await #expect(throws: StorageError.self) { try await store.get(key: "raw/nope", to: out) }

        #expect(try await store.list(prefix: "raw/ds/").map(\.key) == ["raw/ds/a.csv", "raw/ds/b.bin"])
        #expect(try await store.list(prefix: "raw/").map(\.key) == ["raw/ds/a.csv", "raw/ds/b.bin", "raw/other/c"])
        #expect(try await store.list(prefix: "raw/d").map(\.key) == ["raw/ds/a.csv", "raw/ds/b.bin"])
        #expect(try await store.list(prefix: "").count == 3)
        #expect(try await store.list(prefix: "nothing/").isEmpty)

        try await store.delete(keys: ["raw/ds/a.csv", "raw/ds/b.bin"])
        try await store.delete(key: "raw/ds/never-existed")
        #expect(try await store.list(prefix: "raw/").map(\.key) == ["raw/other/c"])
        #expect(!FileManager.default.fileExists(atPath: store.root.appendingPathComponent("raw/ds").path))
    }

    @Test(arguments: ["../escape", "a/../../b", "/etc/passwd", "a\0b", "a\\..\\b", "", "a//b", "./a", "a/."])
    func rejectsKeysThatCouldEscape(key: String) async throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        await #expect(throws: StorageError.self) { try await store.put(key: key, bytes: [1]) }
        await #expect(throws: StorageError.self) { _ = try await store.head(key: key) }
        await #expect(throws: StorageError.self) { try await store.delete(key: key) }
        await #expect(throws: StorageError.self) { _ = try await store.get(key: key, range: 0..<1) }
        await #expect(throws: StorageError.self) { try await store.get(key: key, to: dir.appendingPathComponent("out")) }
        let file = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        await #expect(throws: StorageError.self) { try await store.put(key: key, movingFileAt: file) }
        await #expect(throws: StorageError.self) { try await store.put(key: key, fileAt: file) }
        await #expect(throws: StorageError.self) { try await store.publish(prefix: key, files: [("part-00000.parquet", file)]) }
        // Steps read a local lake in place through this path: it refuses the same keys.
        #expect(throws: StorageError.self) { try store.filePath(for: key) }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("escape").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["file", "lake"])
    }

    /// Same filesystem: the file is renamed in (same inode); another filesystem: copied, then removed.
    @Test func movingPutRenamesWithinTheFilesystemAndCopiesAcross() async throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inside = store.root.appendingPathComponent(".medallion-tmp-staging/src.bin")
        try FileManager.default.createDirectory(at: inside.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FaultServer.payload(70_000).write(to: inside)
        var before = stat()
        stat(inside.path, &before)
        try await store.put(key: "raw/ds/moved.bin", movingFileAt: inside)
        #expect(!FileManager.default.fileExists(atPath: inside.path))
        var after = stat()
        stat(store.root.appendingPathComponent("raw/ds/moved.bin").path, &after)
        #expect(after.st_ino == before.st_ino)
        #expect(try Data(contentsOf: store.root.appendingPathComponent("raw/ds/moved.bin")) == FaultServer.payload(70_000))
        #expect(try await store.list(prefix: "").map(\.key) == ["raw/ds/moved.bin"])

        // /dev/shm is another filesystem here: the fallback copies.
        let shm = URL(fileURLWithPath: "/dev/shm/medallion-test-\(UUID().uuidString)")
        if FileManager.default.createFile(atPath: shm.path, contents: FaultServer.payload(5_000)) {
            try await store.put(key: "raw/ds/copied.bin", movingFileAt: shm)
            #expect(!FileManager.default.fileExists(atPath: shm.path))
            #expect(try Data(contentsOf: store.root.appendingPathComponent("raw/ds/copied.bin")) == FaultServer.payload(5_000))
        }
    }

    @Test func publishMakesAPartitionVisibleWhole() async throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("part-a"), b = dir.appendingPathComponent("part-b")
        try Data("one".utf8).write(to: a)
        try Data("two".utf8).write(to: b)
        let prefix = "silver/ds/version=20261125T000000Z-abcdef01"
        try await store.publish(prefix: prefix, files: [("part-00000.parquet", a), ("part-00001.parquet", b)])
        let keys = try await store.list(prefix: "silver/").map(\.key)
        #expect(keys == [prefix + "/_SUCCESS", prefix + "/part-00000.parquet", prefix + "/part-00001.parquet"])
        // No temporaries left behind in the lake.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.root.appendingPathComponent("silver/ds").path)
        #expect(leftovers == ["version=20261125T000000Z-abcdef01"])

        // Republishing replaces the partition whole.
        try await store.publish(prefix: prefix, files: [("part-00000.parquet", b)])
        #expect(try await store.list(prefix: prefix + "/").map(\.key) == [prefix + "/_SUCCESS", prefix + "/part-00000.parquet"])
        #expect(try await store.get(key: prefix + "/part-00000.parquet", range: 0..<10) == Array("two".utf8))

        // A failed publish leaves nothing visible.
        await #expect(throws: StorageError.self) {
            try await store.publish(prefix: "gold/ds/t/version=1", files: [("p", dir.appendingPathComponent("missing"))])
        }
        #expect(try await store.list(prefix: "gold/").isEmpty)
        await #expect(throws: StorageError.self) {
            try await store.publish(prefix: "gold/x", files: [("../p", a)])
        }
    }

    /// A file on the lake's filesystem is linked into the partition, not copied: the lake
    /// keeps the data when the caller removes its own name. Another filesystem gets a copy.
    @Test func publishLinksFilesOnTheLakesFilesystem() async throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let part = store.root.appendingPathComponent(".staging-part")
        try Data("linked".utf8).write(to: part)
        let prefix = "bronze/ds/run=20261130T000000Z-abcdef01"
        try await store.publish(prefix: prefix, files: [("part-00000.parquet", part)])
        let published = store.root.appendingPathComponent(prefix + "/part-00000.parquet").path
        var source = stat(), target = stat()
        #expect(stat(part.path, &source) == 0 && stat(published, &target) == 0)
        #expect(source.st_ino == target.st_ino && target.st_nlink == 2)
        try FileManager.default.removeItem(at: part)
        #expect(try Data(contentsOf: URL(fileURLWithPath: published)) == Data("linked".utf8))

        // /dev/shm is a tmpfs on Linux: another filesystem than the lake's, so a copy.
        let shm = URL(fileURLWithPath: "/dev/shm")
        var shmInfo = stat(), lakeInfo = stat()
        guard stat(shm.path, &shmInfo) == 0, stat(store.root.path, &lakeInfo) == 0, shmInfo.st_dev != lakeInfo.st_dev else { return }
        let elsewhere = shm.appendingPathComponent("medallion-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try Data("copied".utf8).write(to: elsewhere)
        try await store.publish(prefix: prefix, files: [("part-00000.parquet", elsewhere)])
        #expect(stat(published, &target) == 0 && target.st_nlink == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: published)) == Data("copied".utf8))
    }

    @Test func openResolvesLocations() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("open")
        defer { try? FileManager.default.removeItem(at: dir) }
        let absolute = try ObjectStores.open(dir.path + "/lake1", environment: [:])
        #expect(absolute.rootURI == "file://" + dir.path + "/lake1")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/lake1"))
        let viaURL = try ObjectStores.open("file://" + dir.path + "/lake2", environment: [:])
        #expect(viaURL.rootURI == "file://" + dir.path + "/lake2")
        let relative = try ObjectStores.open("lake-relative-\(UUID().uuidString)", environment: [:])
        #expect(relative.rootURI.hasPrefix("file://" + FileManager.default.currentDirectoryPath + "/"))
        try? FileManager.default.removeItem(atPath: String(relative.rootURI.dropFirst(7)))
        let s3 = try ObjectStores.open("s3://bucket/some/prefix/", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
        #expect(s3.rootURI == "s3://bucket/some/prefix")
        #expect(s3.uri(for: "raw/x") == "s3://bucket/some/prefix/raw/x")
        #expect(throws: StorageError.self) { try ObjectStores.open("s3://bucket/../x", environment: [:]) }
        #expect(throws: StorageError.self) { try ObjectStores.open("ftp://host/x", environment: [:]) }
    }
}
