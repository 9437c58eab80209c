import Foundation
import Testing
@testable import MedallionCore

/// `source.glob`: where a pattern lists, what it matches (fnmatch with FNM_PATHNAME), the URL
/// a match becomes, and the patterns refused.
@Suite struct SourceGlobTests {
    @Test func aLocalGlobListsItsDirectoryAndMatchesNames() throws {
        let glob = try SourceGlob("file:data/claims-*.ndjson.gz")
        #expect(glob.location == .directory("data"))
        #expect(glob.matches("claims-001.ndjson.gz"))
        #expect(glob.matches("claims-.ndjson.gz"))
        #expect(!glob.matches("claims-001.ndjson"))
        #expect(!glob.matches("other-001.ndjson.gz"))
        #expect(glob.url(of: "claims-001.ndjson.gz") == "file:data/claims-001.ndjson.gz")
    }

    @Test func questionMarksAndClassesMatchOneCharacter() throws {
        let glob = try SourceGlob("file:/abs/dir/part-[0-9]?.csv")
        #expect(glob.location == .directory("/abs/dir"))
        #expect(glob.matches("part-12.csv"))
        #expect(!glob.matches("part-a2.csv"))
        #expect(!glob.matches("part-123.csv"))
        #expect(glob.url(of: "part-12.csv") == "file:/abs/dir/part-12.csv")
        // A pattern with no directory lists the project root.
        let bare = try SourceGlob("file:*.csv")
        #expect(bare.location == .directory("."))
        #expect(bare.url(of: "a.csv") == "file:a.csv")
    }

    @Test func anS3GlobListsUnderTheLiteralPrefixAndMatchesWholeKeys() throws {
        let glob = try SourceGlob("s3://bucket/landing/2026/*.csv")
        #expect(glob.location == .s3(bucket: "bucket", listPrefix: "landing/2026/"))
        #expect(glob.matches("landing/2026/a.csv"))
        // `*` stops at a `/`: deeper keys are not matched.
        #expect(!glob.matches("landing/2026/sub/a.csv"))
        #expect(!glob.matches("landing/2025/a.csv"))
        #expect(glob.url(of: "landing/2026/a.csv") == "s3://bucket/landing/2026/a.csv")
        let partial = try SourceGlob("s3://bucket/in/day=*/x.csv")
        #expect(partial.location == .s3(bucket: "bucket", listPrefix: "in/day="))
        #expect(partial.matches("in/day=01/x.csv"))
    }

    @Test func patternsThatCannotListAreRefused() {
        #expect(throws: SourceGlob.Invalid.scheme("https://example.com/*.csv")) { try SourceGlob("https://example.com/*.csv") }
        #expect(throws: SourceGlob.Invalid.noWildcard("file:data/a.csv")) { try SourceGlob("file:data/a.csv") }
        #expect(throws: SourceGlob.Invalid.wildcardInDirectory("file:data/*/a.csv")) { try SourceGlob("file:data/*/a.csv") }
        #expect(throws: SourceGlob.Invalid.noBucket("s3:///*.csv")) { try SourceGlob("s3:///*.csv") }
    }
}
