import Testing
@testable import Transform

@Suite struct TransformLibraryTests {
    @Test func versionIsSemantic() {
        #expect(TransformLibrary.version.split(separator: ".").count == 3)
    }
}
