import Foundation
import Manifest
import Testing
@testable import MedallionCore

/// When FetchAndHash hashes a local source in place before deciding to copy it.
@Suite struct SourceReadOrderTests {
    private let previous = ManifestVersion(dataset: "d", runId: "run1", sourceURL: "file:x", sourceSHA256: "abc", sourceBytes: 100,
                                           rawURI: "r", pipelineFingerprint: "f", rows: [:], outputs: [:], layersJSON: nil,
                                           startedAt: Date(), finishedAt: Date())

    private func order(localSize: Int64? = 100, force: Bool = false, firstIngestion: Bool = false,
                       ifUnchanged: Recompute = .none, landed: Bool = false) -> SourceReadOrder {
        SourceReadOrder.choose(localSize: localSize, force: force, previous: firstIngestion ? nil : previous, ifUnchanged: ifUnchanged,
                               rawCopyOfUnchangedExists: landed)
    }

    @Test func aLocalSourceThatMayBeUnchangedIsHashedFirst() {
        #expect(order() == .hashFirst)
        #expect(order(ifUnchanged: .gold) == .hashFirst)
    }

    @Test func remoteSourcesAndFirstIngestionsCopyWhileHashing() {
        #expect(order(localSize: nil) == .copyWhileHashing)
        #expect(order(firstIngestion: true) == .copyWhileHashing)
    }

    @Test func aSourceOfAnotherSizeHasChangedAndIsCopiedInOneRead() {
        #expect(order(localSize: 101) == .copyWhileHashing)
        #expect(order(localSize: 101, landed: true) == .copyWhileHashing)
    }

    @Test func runsThatNeedARawCopyOfTheSameBytesCopyUnlessItIsThere() {
        #expect(order(force: true) == .copyWhileHashing)
        #expect(order(ifUnchanged: .all) == .copyWhileHashing)
        #expect(order(force: true, landed: true) == .hashFirst)
        #expect(order(ifUnchanged: .all, landed: true) == .hashFirst)
    }
}
