import Foundation
import Lake
import Manifest
import Testing
import TestSupport
@testable import MedallionCore

/// The manifest kept in S3 (moto on loopback, signatures checked, conditional writes honoured):
/// writers with separate local copies never lose each other's updates, a write overtaken
/// between its read and its upload is applied again on top, and failures name the manifest.
@Suite(.serialized) struct S3ManifestStoreTests {
    static let uri = "s3://manifests/team/manifest.sqlite"

    /// `count` stores on the one manifest, each with its own local copy.
    static func stores(_ count: Int, _ moto: MotoServer) throws -> [S3ManifestStore] {
        try (0..<count).map { _ in try S3ManifestStore(uri: uri, variables: moto.environment) }
    }

    static func run(_ name: String, dataset: String) -> RunRecord {
        RunRecord(executionName: name, runId: name, dataset: dataset, forced: false, sourceURL: "file:x.csv", startedAt: Date())
    }

    /// An event written at once (a task starting), so each is a conditional write of its own.
    static func event(_ execution: String, _ id: Int) -> ExecutionEventRecord {
        ExecutionEventRecord(executionName: execution, eventId: id, previousEventId: id - 1, type: "TaskStarted",
                             timestamp: Date(), stateName: "S\(id)", detailsJSON: nil)
    }

    @Test func twoStoresInterleavingWritesKeepBoth() throws {
        let moto = try MotoServer(bucket: "manifests")
        defer { moto.stop() }
        let (first, second) = try Self.stores(2, moto).pair
        #expect(try !first.exists())
        #expect(try first.datasets().isEmpty)

        try first.registerDataset(name: "alpha", configPath: "datasets/alpha.json")
        try second.registerDataset(name: "beta", configPath: "datasets/beta.json")
        try first.startRun(Self.run("run-a", dataset: "alpha"))
        try second.startRun(Self.run("run-b", dataset: "beta"))
        try first.appendEvents([Self.event("run-b", 1)])
        try second.appendEvents([Self.event("run-a", 1)])

        // Each store sees everything either wrote, and so does a third that never wrote.
        let third = try S3ManifestStore(uri: Self.uri, variables: moto.environment)
        for store in [first, second, third] {
            #expect(try store.datasets().map(\.name) == ["alpha", "beta"])
            #expect(try Set(store.runs(dataset: nil, limit: 10).map(\.executionName)) == ["run-a", "run-b"])
            #expect(try store.events(executionName: "run-a").count == 1)
            #expect(try store.events(executionName: "run-b").count == 1)
        }
        // A typed manifest error comes through unchanged, and is not retried as a conflict.
        #expect(throws: ManifestError.runExists("run-a")) {
            try second.startRun(Self.run("run-a", dataset: "alpha"))
        }
    }

    @Test func aWriteOvertakenBetweenReadAndUploadIsAppliedAgainOnTop() throws {
        let moto = try MotoServer(bucket: "manifests")
        defer { moto.stop() }
        let (mine, other) = try Self.stores(2, moto).pair
        try mine.registerDataset(name: "alpha", configPath: "datasets/alpha.json")
        var applications = 0
        // The other writer commits after this store has read the manifest and before it
        // uploads: the If-Match upload must fail and the mutation run again.
        try mine.replica.mutate { store in
            applications += 1
            if applications == 1 { try other.registerDataset(name: "intruder", configPath: "datasets/intruder.json") }
            try store.registerDataset(name: "beta", configPath: "datasets/beta.json")
        }
        #expect(applications == 2)
        #expect(try other.datasets().map(\.name) == ["alpha", "beta", "intruder"])

        // A mutation overtaken every time gives up with a typed error after its attempts.
        let stubborn = try S3ManifestReplica(object: S3ConditionalObject(uri: Self.uri, environment: moto.environment), maxAttempts: 3)
        var counter = 0
        #expect(throws: S3ManifestError.tooManyConflicts(uri: "s3://manifests/team/manifest.sqlite", attempts: 3)) {
            try stubborn.mutate { store in
                counter += 1
                try other.registerDataset(name: "busy\(counter)", configPath: "x")
                try store.registerDataset(name: "lost", configPath: "x")
            }
        }
        #expect(counter == 3)
        #expect(try !other.datasets().map(\.name).contains("lost"))
    }

    /// A PUT whose first attempt landed but whose answer was lost finds its own bytes in place
    /// when the client retries it (412 over itself): recognised by S3's ETag being the MD5 of
    /// the bytes, not applied a second time. A proxy in front of moto forwards the first
    /// conditional PUT of the manifest and then hangs up without an answer.
    @Test func aWriteWhoseAnswerWasLostIsNotAppliedTwice() throws {
        let moto = try MotoServer(bucket: "manifests")
        defer { moto.stop() }
        let proxy = try RelayProxy(upstream: moto.endpoint, answer: """
            if handler.command == "PUT" and "If-Match" in handler.headers and not state.get("dropped"):
                state["dropped"] = True
                return "drop"
            return "relay"
            """)
        defer { proxy.stop() }
        let store = try S3ManifestStore(uri: Self.uri, variables: moto.environment(through: proxy))
        try store.registerDataset(name: "alpha", configPath: "datasets/alpha.json")
        var applications = 0
        let version = try store.replica.mutate { manifest in
            applications += 1
            try manifest.startRun(Self.run("run-a", dataset: "alpha"))
            return try manifest.commitVersion(ManifestVersion(dataset: "alpha", version: 0, runId: "run-a", sourceURL: "file:x.csv",
                                                              sourceSHA256: "00", sourceBytes: 1, rawURI: "raw", pipelineFingerprint: "f",
                                                              rows: [:], outputs: [:], startedAt: Date(), finishedAt: Date()),
                                              outputs: [], executionName: "run-a")
        }
        #expect(applications == 1)
        #expect(version == 1)
        #expect(store.replica.conflicts == 0)
        let reader = try S3ManifestStore(uri: Self.uri, variables: moto.environment)
        #expect(try reader.versions(dataset: "alpha").map(\.version) == [1])
    }

    /// A role allowed to read and write under the manifest's prefix but not to list the bucket
    /// gets 403, not 404, for a manifest that does not exist yet (S3 hides what it may not
    /// list). The first write must still create it; and a manifest that exists but cannot be
    /// read must fail naming the missing permission, not as endless conflicts.
    @Test func aForbiddenReadOfAMissingManifestStillCreatesItAndAnUnreadableOneIsNamed() throws {
        let moto = try MotoServer(bucket: "manifests")
        defer { moto.stop() }
        let withoutList = try RelayProxy(upstream: moto.endpoint, answer: """
            if handler.command == "GET" and status == 404:
                return "deny"
            return "relay"
            """)
        defer { withoutList.stop() }
        let viaProxy = moto.environment(through: withoutList)
        let store = try S3ManifestStore(uri: Self.uri, variables: viaProxy)
        try store.registerDataset(name: "alpha", configPath: "datasets/alpha.json")
        try store.startRun(Self.run("run-a", dataset: "alpha"))
        let other = try S3ManifestStore(uri: Self.uri, variables: viaProxy)
        try other.startRun(Self.run("run-b", dataset: "alpha"))
        let reader = try S3ManifestStore(uri: Self.uri, variables: moto.environment)
        #expect(try Set(reader.runs(dataset: "alpha", limit: 10).map(\.executionName)) == ["run-a", "run-b"])

        let noRead = try RelayProxy(upstream: moto.endpoint, answer: """
            if handler.command == "GET":
                return "deny"
            return "relay"
            """)
        defer { noRead.stop() }
        let blind = try S3ManifestStore(uri: Self.uri, variables: moto.environment(through: noRead))
        #expect(throws: S3ManifestError.unreadable(uri: "s3://manifests/team/manifest.sqlite")) {
            try blind.startRun(Self.run("run-c", dataset: "alpha"))
        }
        #expect(try reader.run(id: "run-c") == nil)
    }

    /// History events wait for the next event that starts a task or ends the execution (or
    /// the store's next write or read), then go up in one write.
    @Test func historyEventsAreWrittenTogetherWhenATaskStarts() throws {
        let moto = try MotoServer(bucket: "manifests")
        defer { moto.stop() }
        let (writer, other) = try Self.stores(2, moto).pair
        try writer.registerDataset(name: "alpha", configPath: "datasets/alpha.json")
        try writer.startRun(Self.run("run-a", dataset: "alpha"))
        func event(_ id: Int, _ type: String) -> ExecutionEventRecord {
            ExecutionEventRecord(executionName: "run-a", eventId: id, previousEventId: id - 1, type: type,
                                 timestamp: Date(), stateName: "Fetch", detailsJSON: nil)
        }
        try writer.appendEvents([event(1, "ExecutionStarted")])
        try writer.appendEvents([event(2, "TaskStateEntered")])
        try writer.appendEvents([event(3, "TaskScheduled")])
        #expect(try other.events(executionName: "run-a").isEmpty)
        try writer.appendEvents([event(4, "TaskStarted")])
        #expect(try other.events(executionName: "run-a").map(\.eventId) == [1, 2, 3, 4])

        // Held-back events go up with the store's next other write, and its reads see them.
        try writer.appendEvents([event(5, "TaskSucceeded")])
        #expect(try writer.events(executionName: "run-a").map(\.eventId) == [1, 2, 3, 4, 5])
        try writer.appendEvents([event(6, "TaskStateExited")])
        try writer.finishRun(executionName: "run-a", status: .failed, finishedAt: Date(), error: "E", cause: "c")
        #expect(try other.events(executionName: "run-a").map(\.eventId) == [1, 2, 3, 4, 5, 6])
        #expect(try other.run(id: "run-a")?.status == .failed)
    }

    @Test func concurrentWritersFromManyThreadsLoseNothing() throws {
        let moto = try MotoServer(bucket: "manifests")
        defer { moto.stop() }
        let stores = try Self.stores(3, moto)
        let perWriter = 15
        let failures = NSLock()
        nonisolated(unsafe) var errors: [String] = []
        DispatchQueue.concurrentPerform(iterations: stores.count) { index in
            do {
                try stores[index].registerDataset(name: "d\(index)", configPath: "datasets/d\(index).json")
                try stores[index].startRun(Self.run("exec-\(index)", dataset: "d\(index)"))
            } catch {
                failures.lock(); errors.append("\(error)"); failures.unlock()
            }
            for id in 1...perWriter {
                do {
                    try stores[index].appendEvents([Self.event("exec-\(index)", id)])
                } catch {
                    failures.lock(); errors.append("\(error)"); failures.unlock()
                }
            }
        }
        #expect(errors.isEmpty, "\(errors.prefix(2))")
        // The writers really did overtake each other, so the retry path is what kept every event.
        let conflicts = stores.map(\.replica.conflicts).reduce(0, +)
        #expect(conflicts > 0)
        let reader = try S3ManifestStore(uri: Self.uri, variables: moto.environment)
        for index in stores.indices {
            #expect(try reader.events(executionName: "exec-\(index)").map(\.eventId) == Array(1...perWriter))
        }
    }

    @Test func aMissingBucketOrAWrongSecretNamesTheManifestAndNoSecret() throws {
        let moto = try MotoServer(bucket: "manifests")
        defer { moto.stop() }
        let missing = try S3ManifestStore(uri: "s3://no-such-bucket/m/manifest.sqlite", variables: moto.environment)
        do {
            try missing.registerDataset(name: "alpha", configPath: "x")
            Issue.record("a missing bucket was written")
        } catch let error as S3ManifestError {
            #expect(error.description.hasPrefix("manifest s3://no-such-bucket/m/manifest.sqlite: "), "\(error)")
            #expect(error.description.contains("NoSuchBucket"), "\(error)")
        }
        var wrong = moto.environment
        wrong["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-at-all"
        let denied = try S3ManifestStore(uri: Self.uri, variables: wrong)
        do {
            _ = try denied.datasets()
            Issue.record("a wrong secret read the manifest")
        } catch let error as S3ManifestError {
            #expect(error.description.hasPrefix("manifest \(Self.uri): "), "\(error)")
            #expect(error.description.contains("SignatureDoesNotMatch") || error.description.contains("AccessDenied"), "\(error)")
            #expect(!error.description.contains("not-the-secret-at-all") && !error.description.contains(moto.secretAccessKey))
        }
    }

    @Test func theDatasetLockIsAnObjectBesideTheManifest() throws {
        let moto = try MotoServer(bucket: "manifests")
        defer { moto.stop() }
        let environment = PipelineEnvironment(root: URL(fileURLWithPath: "/"), lake: "s3://manifests/lake", manifestPath: Self.uri,
                                              variables: moto.environment)
        func lockKeys() throws -> String {
            try moto.boto3("print(sorted(o['Key'] for o in s3.list_objects_v2(Bucket=bucket).get('Contents', [])))").stdout
        }
        do {
            let held = try DatasetLock(dataset: "alpha", environment: environment)
            #expect(throws: PipelineError.datasetBusy("alpha")) { try DatasetLock(dataset: "alpha", environment: environment) }
            // Another dataset is not affected.
            _ = try DatasetLock(dataset: "beta", environment: environment)
            #expect(try lockKeys().contains("team/.locks/alpha.lock"))
            withExtendedLifetime(held) {}
        }
        // Released with its holder.
        #expect(try lockKeys() == "[]\n")

        // A lock whose holder died (expired) is taken over; a live one is not.
        let stale = try moto.boto3("""
            s3.put_object(Bucket=bucket, Key="team/.locks/alpha.lock",
                          Body=json.dumps({"owner": "dead-host:1:x", "expires_at": "2020-01-01T00:00:00Z"}))
            """)
        #expect(stale.status == 0, "\(stale.stderr)")
        let takenOver = try DatasetLock(dataset: "alpha", environment: environment)
        #expect(throws: PipelineError.datasetBusy("alpha")) { try DatasetLock(dataset: "alpha", environment: environment) }
        withExtendedLifetime(takenOver) {}
    }
}

fileprivate extension Array {
    /// The first two elements.
    var pair: (Element, Element) { (self[0], self[1]) }
}
