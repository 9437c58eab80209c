import Foundation
import Lake
import Manifest

/// A dataset's lock when the manifest is in S3: `.locks/<dataset>.lock` beside the manifest,
/// created with `If-None-Match: *` so exactly one machine gets it.
///
/// A machine that dies cannot release it, so the object names its owner and an expiry: the
/// holder renews it (with `If-Match` on its own ETag) every third of `timeToLive` while it
/// runs, and anyone may take over a lock past its expiry with `If-Match` on that lock's ETag,
/// so of two machines taking over together only one succeeds.
final class S3DatasetLock: @unchecked Sendable {
    static let timeToLive: TimeInterval = 300
    let object: S3ConditionalObject
    let owner: String
    private let mutex = NSLock()
    private var etag: String
    private var renewal: Task<Void, Never>?

    /// What the lock object holds (JSON), readable by whoever finds the dataset busy.
    struct Holder: Codable {
        var owner: String
        var expiresAt: String

        enum CodingKeys: String, CodingKey {
            case owner
            case expiresAt = "expires_at"
        }
    }

    /// Takes the lock, or throws `PipelineError.datasetBusy` when a live holder has it.
    init(dataset: String, manifest: S3ConditionalObject) throws {
        let object = try manifest.sibling(".locks/\(dataset).lock")
        let owner = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
        let body = Self.body(owner: owner)
        if let etag = try object.write(.bytes(body), expected: .absent) {
            self.etag = etag
        } else {
            switch try object.read(ifNoneMatch: nil) {
            case .current(let bytes, let held):
                let holder = try? JSONDecoder().decode(Holder.self, from: Data(bytes))
                let expiry = holder.flatMap { Timestamps.parse($0.expiresAt) } ?? .distantPast
                guard expiry < Date(), let etag = try object.write(.bytes(body), expected: .etag(held)) else {
                    throw PipelineError.datasetBusy(dataset)
                }
                self.etag = etag
            case .forbidden:
                // The create-only write found a lock we may not read.
                throw S3ManifestError.unreachable(uri: object.uri, reason: "the dataset's lock exists but S3 refuses to read it (403 AccessDenied); grant s3:GetObject under the manifest's prefix")
            case .missing, .unchanged:
                // Released between our write and our read: one more try, then call it busy.
                guard let etag = try object.write(.bytes(body), expected: .absent) else { throw PipelineError.datasetBusy(dataset) }
                self.etag = etag
            }
        }
        self.object = object
        self.owner = owner
        renewal = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(Self.timeToLive / 3 * 1e9))
                guard !Task.isCancelled, let self else { return }
                self.renew()
            }
        }
    }

    private static func body(owner: String) -> [UInt8] {
        let holder = Holder(owner: owner, expiresAt: Timestamps.format(Date().addingTimeInterval(timeToLive)))
        return (try? JSONEncoder().encode(holder)).map { [UInt8]($0) } ?? []
    }

    /// Pushes the expiry out. A failed renewal is retried at the next tick; a lost lock (taken
    /// over after an expiry this process missed) stays lost.
    private func renew() {
        mutex.lock()
        defer { mutex.unlock() }
        if let renewed = try? object.write(.bytes(Self.body(owner: owner)), expected: .etag(etag)) { etag = renewed }
    }

    deinit {
        renewal?.cancel()
        mutex.lock()
        let held = etag
        mutex.unlock()
        // Only our own version of the lock: one taken over after an expiry is someone else's.
        _ = try? object.delete(ifMatch: held)
    }
}
