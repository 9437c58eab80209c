import Foundation
import Lake
import Testing
import TestSupport
@testable import MedallionCore

/// Steps read and stage files in place in a local lake, whatever characters its path holds.
@Suite struct LocalLakePathTests {
    @Test(arguments: ["my lake", "lake #1 (100%)", "données"])
    func localPathsSurviveCharactersURLsEscape(_ name: String) throws {
        let parent = try TestEnvironment.makeTemporaryDirectory("lake-path")
        defer { try? FileManager.default.removeItem(at: parent) }
        let root = parent.appendingPathComponent(name)
        let lake = try LocalObjectStore(root: root)
        let expected = root.standardizedFileURL.path
        #expect(StepContext.localPath(in: lake, key: "raw/ds/run=1/source.csv") == expected + "/raw/ds/run=1/source.csv")
        #expect(StepContext.localPath(in: lake, key: "") == expected)
        #expect(FileManager.default.fileExists(atPath: try #require(StepContext.localPath(in: lake, key: ""))))
    }
}
