import Crypto
import Foundation
import Lake
import Logging
import Manifest
import TextEncoding

/// A private local copy of a manifest kept in S3, with the ETag it was read at, and the
/// optimistic-concurrency loop that updates the S3 object from it.
///
/// Reads revalidate the copy with a conditional GET (`If-None-Match`: a 304 costs one round
/// trip and no transfer) and then query it through `SQLiteManifestStore`. A mutation applies to
/// a fresh copy of the latest version and uploads it with `If-Match` on the ETag it started from
/// (`If-None-Match: *` when there is no manifest yet). When another machine replaced the
/// manifest in between, S3 answers 412 (or 409 while a competing conditional write is in
/// flight) and the mutation is applied again on top of that machine's version after a jittered
/// backoff, so no update is ever lost. Mutations are SQL applied to whatever version is
/// current, never a stale snapshot written back, which is what makes them re-applicable.
///
/// Threading: `ManifestStore` is synchronous and SQLite blocks anyway, so the S3 requests are
/// made synchronously on the calling thread (`S3ConditionalObject`, libcurl easy handles) rather
/// than by waiting on async work with a semaphore: with every cooperative thread blocked on one,
/// the async work could never run. A call here blocks its thread only for its own requests
/// (and backoff sleeps), as a SQLite call blocks it for its disk I/O. One lock serialises this
/// replica's reads and writes.
final class S3ManifestReplica: @unchecked Sendable {
    let object: S3ConditionalObject
    /// Attempts per mutation before giving up with `S3ManifestError.tooManyConflicts`.
    let maxAttempts: Int
    private let lock = NSLock()
    private let directory: URL
    /// The copy reads use, nil before the first read; with the ETag it was downloaded or
    /// uploaded at (nil when the manifest does not exist in S3 yet).
    private var current: (store: SQLiteManifestStore, file: URL, etag: String?)?
    private var generation = 0
    private var overtaken = 0
    /// Whether the last read was refused (403), so the empty stand-in may hide a manifest
    /// that exists (see `S3ConditionalObject.Read.forbidden`).
    private var lastReadForbidden = false
    private let logger: Logger

    init(object: S3ConditionalObject, maxAttempts: Int = 12, logger: Logger = LakeLogger.silent) throws {
        self.object = object
        self.maxAttempts = maxAttempts
        self.logger = logger
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-s3-manifest-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw S3ManifestError.localCopy(uri: object.uri, reason: "\(error)")
        }
    }

    deinit {
        current = nil
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` on the latest version of the manifest.
    func read<T>(_ body: (SQLiteManifestStore) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let store = try refresh().store
        return try naming(body(store))
    }

    /// Uploads refused so far because another writer had replaced the manifest first.
    var conflicts: Int {
        lock.lock()
        defer { lock.unlock() }
        return overtaken
    }

    /// Whether the manifest object exists (this also brings the copy up to date).
    func exists() throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return try refresh().etag != nil
    }

    /// Applies `body` to the latest version and publishes the result, again on each conflict.
    /// Returns what the successful application returned.
    func mutate<T>(_ body: (SQLiteManifestStore) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        for attempt in 1...maxAttempts {
            var base = try refresh()
            if base.etag == nil && lastReadForbidden { base = try createForbiddenStandIn(base) }
            let work = try newFile()
            do {
                try base.store.database.checkpoint()
                try FileManager.default.copyItem(at: base.file, to: work)
            } catch {
                throw S3ManifestError.localCopy(uri: object.uri, reason: "\(error)")
            }
            let store = try open(work)
            let result = try naming(body(store))
            try naming(store.database.checkpoint())
            let written = try s3 { try object.write(.file(work), expected: base.etag.map { .etag($0) } ?? .absent) }
            if let etag = written {
                current = (store, work, etag)
                return result
            }
            // A PUT retried after its response was lost can find its own first attempt in place
            // (412 over itself). S3's ETag of a single-part upload is its MD5, so that case is
            // recognised here rather than applied twice (a second version committed, say).
            let uploaded = Self.md5(of: work)
            if try refresh().etag == uploaded { return result }
            overtaken += 1
            logger.debug("manifest update overtaken by another writer; applying it again on the new version", metadata: [
                "manifest": .string(object.uri), "attempt": .stringConvertible(attempt), "max_attempts": .stringConvertible(maxAttempts),
            ])
            if attempt < maxAttempts { Self.backOff(attempt: attempt) }
        }
        throw S3ManifestError.tooManyConflicts(uri: object.uri, attempts: maxAttempts)
    }

    /// A read refused with 403 cannot tell a missing manifest from one this role may not
    /// read. Uploading the empty stand-in create-only tells which, before any change is
    /// applied to it: it lands when there was no manifest (the first write would have created
    /// it anyway), and is refused when there is one, which S3 will not let us read.
    private func createForbiddenStandIn(_ standIn: (store: SQLiteManifestStore, file: URL, etag: String?))
        throws -> (store: SQLiteManifestStore, file: URL, etag: String?) {
        try naming(standIn.store.database.checkpoint())
        guard let etag = try s3({ try object.write(.file(standIn.file), expected: .absent) }) else {
            throw S3ManifestError.unreadable(uri: object.uri)
        }
        let created = (standIn.store, standIn.file, Optional(etag))
        current = created
        lastReadForbidden = false
        return created
    }

    /// Brings the local copy up to the S3 object's version (one conditional GET).
    private func refresh() throws -> (store: SQLiteManifestStore, file: URL, etag: String?) {
        let read = try s3 { try object.read(ifNoneMatch: current?.etag) }
        lastReadForbidden = read == .forbidden
        switch read {
        case .unchanged:
            if let current { return current }
        case .missing, .forbidden:
            // No manifest yet: an empty one, created and migrated locally, stands in for it.
            // Forbidden may mean missing (no s3:ListBucket); the create-only upload tells which.
            if let current, current.etag == nil { return current }
            let file = try newFile()
            current = (try open(file), file, nil)
        case .current(let bytes, let etag):
            let file = try newFile()
            do {
                try Data(bytes).write(to: file)
            } catch {
                throw S3ManifestError.localCopy(uri: object.uri, reason: "\(error)")
            }
            current = (try open(file), file, etag)
        }
        guard let current else { return try refresh() }
        return current
    }

    private func open(_ file: URL) throws -> SQLiteManifestStore {
        try naming(SQLiteManifestStore(path: file.path))
    }

    /// A new file name in this replica's directory (each version of the copy gets its own).
    private func newFile() throws -> URL {
        generation += 1
        let folder = directory.appendingPathComponent("\(generation)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw S3ManifestError.localCopy(uri: object.uri, reason: "\(error)")
        }
        // Older copies are unused once replaced: drop them, keeping the one being replaced.
        if let keep = current?.file.deletingLastPathComponent().lastPathComponent,
           let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) {
            for name in names where name != keep && name != "\(generation)" {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
        return folder.appendingPathComponent("manifest.sqlite")
    }

    /// The hex MD5 of a local copy, as S3 reports it for a single-part upload's ETag.
    private static func md5(of file: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return Array(Insecure.MD5.hash(data: data)).hexString
    }

    /// Full-jitter exponential backoff: 25 ms doubling to at most 1.6 s, times a random factor,
    /// so writers that collided do not collide again in lockstep.
    static func backOff(attempt: Int) {
        let cap = min(1.6, 0.025 * pow(2, Double(attempt - 1)))
        usleep(useconds_t(Double.random(in: 0.2...1) * cap * 1e6))
    }

    /// S3 failures as manifest errors naming the manifest's URI.
    private func s3<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StorageError {
            throw S3ManifestError.unreachable(uri: object.uri, reason: error.description)
        }
    }

    /// SQLite errors name the manifest's URI rather than the private copy's path.
    private func naming<T>(_ body: @autoclosure () throws -> T) throws -> T {
        do {
            return try body()
        } catch ManifestError.databaseFailure(_, let reason) {
            throw ManifestError.databaseFailure(path: object.uri, reason: reason)
        } catch ManifestError.cannotOpen(_, let reason) {
            throw ManifestError.cannotOpen(path: object.uri, reason: reason)
        }
    }
}
