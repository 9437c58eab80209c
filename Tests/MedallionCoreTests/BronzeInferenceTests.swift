import Foundation
import Testing
import TestSupport
@testable import MedallionCore

/// Bronze infers the schema from what the Parquet writer shows it (each chunk's distinct
/// values, every value of a PLAIN stretch) and counts values and nulls as it reads. The
/// profiles must equal those of the plain definition: every value, one at a time.
@Suite struct BronzeInferenceTests {
    @Test func profilesEqualInferenceOverEveryValue() async throws {
        let ws = try RunnerWorkspace("inferred")
        defer { ws.remove() }
        let header = ["id", "code", "amount", "flag", "day", "stamp", "late", "blank"]
        let rows = 40_000
        var text = header.joined(separator: ",") + "\n"
        let reference = SchemaInferrer(columnNames: header)
        for row in 0..<rows {
            let fields: [String?] = [
                "\(row * 7 + 3)",                                              // unique: near-unique, written PLAIN
                String(format: "%05d", row % 300),                             // leading zeros: text
                row % 9 == 0 ? nil : "\(Double(row % 250) / 4)",               // doubles, nulls
                row % 3 == 0 ? "TRUE" : "false",                               // booleans
                String(format: "2024-%02d-%02d", row % 12 + 1, row % 28 + 1),  // dates
                String(format: "2024-01-%02dT10:%02d:00Z", row % 28 + 1, row % 60),
                row == rows - 5 ? "not a number" : "\(row % 50)",              // one late value decides
                row % 2 == 0 ? nil : "",                                       // nulls and empty strings only
            ]
            for (index, field) in fields.enumerated() { reference.observe(column: index, value: field) }
            text += fields.map { $0.map { $0.isEmpty ? "\"\"" : $0 } ?? "" }.joined(separator: ",") + "\n"
        }
        try Data(text.utf8).write(to: ws.source)
        let summary = try await ws.run()
        #expect(summary.status == .succeeded, "\(summary.error ?? "")")
        let version = try #require(try ws.environment.openManifest().latestVersion(dataset: ws.dataset))
        let recorded = try JSONDecoder().decode([ColumnProfile].self, from: Data(try #require(version.schemaJSON).utf8))
        let expected = reference.profiles()
        #expect(recorded == expected)
        #expect(recorded.map(\.type) == [.int64, .string, .double, .boolean, .date, .timestamp, .string, .string])
        // The unique column's distinct estimate comes from the PLAIN stretch, within HLL error.
        #expect(abs(Double(recorded[0].distinctEstimate) - Double(rows)) < Double(rows) * 0.1)
        #expect(recorded[7].nulls == Int64(rows / 2) && recorded[7].values == Int64(rows / 2) && recorded[7].maxLength == 0)
    }
}
