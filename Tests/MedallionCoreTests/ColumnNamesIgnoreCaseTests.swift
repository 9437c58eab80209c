import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// Header names that differ only in case are repeats, as DuckDB's read_csv treats them (its
/// names are case-insensitive): the bronze columns get the same names DuckDB would give.
@Suite struct ColumnNamesIgnoreCaseTests {
    @Test func caseOnlyDifferencesAreMadeUniqueLikeDuckDB() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("column-case")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "c.csv", Array("id,ID,Id,a,a,A_1\n1,2,3,4,5,6\n".utf8))
        let ours = try readSource(file, options(.csv)).columns
        #expect(ours == ["id", "ID_1", "Id_2", "a", "a_1", "A_1_1"])
        let duckdb = try runPython("""
            import duckdb, json, sys
            print(json.dumps([d[0] for d in duckdb.connect().execute("select * from read_csv(?, all_varchar=true)", [sys.argv[1]]).description]))
            """, [file.path])
        #expect(duckdb.status == 0, "\(duckdb.stderr)")
        #expect(try JSONSerialization.jsonObject(with: Data(duckdb.stdout.utf8)) as? [String] == ours)
    }
}
