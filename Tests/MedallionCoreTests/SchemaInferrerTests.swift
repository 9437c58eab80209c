import Testing
@testable import MedallionCore

@Suite struct SchemaInferrerTests {
    private func infer(_ values: [String?]) -> ColumnProfile {
        let inferrer = SchemaInferrer(columnNames: ["c"])
        for value in values { inferrer.observe(column: 0, value: value) }
        return inferrer.profiles()[0]
    }

    @Test func narrowestTypeEveryValueFits() {
        #expect(infer(["1", "-42", nil, "9223372036854775807"]).type == .int64)
        #expect(infer(["1", "2.5", "-3e4"]).type == .double)
        #expect(infer(["9223372036854775808"]).type == .double)
        #expect(infer(["true", "FALSE", nil]).type == .boolean)
        #expect(infer(["2024-02-29", "1999-12-31"]).type == .date)
        #expect(infer(["2023-02-29"]).type == .string)
        #expect(infer(["2024-01-01T10:00:00Z", "2024-01-01 10:00:00.123+02:00"]).type == .timestamp)
        // Only what Silver's timestamp cast reads: no date alone, no time without a zone.
        #expect(infer(["2024-01-01", "2024-01-01T10:00:00Z"]).type == .string)
        #expect(infer(["2024-01-01 10:00:00"]).type == .string)
        #expect(infer(["2024-01-01T10:00Z"]).type == .string)
        // Doubles the cast rejects (overflow) stay text.
        #expect(infer(["1e400"]).type == .string)
        #expect(infer(["2024-01-01T25:00:00Z"]).type == .string)
        #expect(infer(["1", "x"]).type == .string)
        #expect(infer([nil, nil]).type == .string)
    }

    @Test func leadingZerosStayStrings() {
        #expect(infer(["00002143380", "12345678901"]).type == .string)
        #expect(infer(["0", "10"]).type == .int64)
        #expect(infer(["0.5", "00.5"]).type == .string)
    }

    @Test func countsNullsAndEstimatesDistinctValues() {
        let values: [String?] = (0..<50_000).map { $0 % 10 == 0 ? nil : "v\($0 % 5_000)" }
        let profile = infer(values)
        #expect(profile.nulls == 5_000)
        #expect(profile.values == 45_000)
        // 4,500 distinct non-null values (multiples of 10 are null); HLL within 5%.
        #expect(abs(profile.distinctEstimate - 4_500) < 225, "\(profile.distinctEstimate)")
        #expect(infer(["a", "b", "a"]).distinctEstimate == 2)
    }
}
