import Testing
@testable import MedallionCore

@Suite struct LakeJanitorTests {
    @Test(arguments: [
        ("bronze/nsde/run=20261129T000000Z-47d319ae/part-00000.parquet", "bronze/nsde/run=20261129T000000Z-47d319ae", "20261129T000000Z-47d319ae"),
        ("silver/nsde/version=R1/_SUCCESS", "silver/nsde/version=R1", "R1"),
        ("silver/nsde/_quarantine/run=R2/part-00000.parquet", "silver/nsde/_quarantine/run=R2", "R2"),
        ("gold/nsde/by_type/version=R3/part-00000.parquet", "gold/nsde/by_type/version=R3", "R3"),
        ("raw/nsde/ingest_date=2026-11-29/" + String(repeating: "a", count: 64) + ".csv.gz",
         "raw/nsde/ingest_date=2026-11-29/" + String(repeating: "a", count: 64) + ".csv.gz", String(repeating: "a", count: 64)),
    ])
    func partitionsAreFoundByLayout(key: String, prefix: String, run: String) {
        let found = LakeJanitor.partition(of: key)
        #expect(found?.prefix == prefix && found?.run == run)
    }

    @Test(arguments: ["bronze/nsde/notes.txt", "silver/nsde/manual/part.parquet", "raw/nsde/readme.md",
                      "gold/nsde/by_type/extra.parquet", "manifest.sqlite", "other/nsde/run=R/x"])
    func unknownLayoutsAreLeftAlone(key: String) {
        #expect(LakeJanitor.partition(of: key) == nil)
    }
}
