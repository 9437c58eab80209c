import Testing
import Parquet
import Transform

@Suite struct ColumnCasterTests {
    static func column(_ values: [String?]) -> ByteArrayColumn {
        var column = ByteArrayColumn()
        for value in values {
            if let value { column.append(value) } else { column.appendNull() }
        }
        return column
    }

    static let input: [String?] = ["  42 ", nil, "", "   ", "x", "-7", "1.0", "\t9223372036854775807\n"]

    @Test func int64TrimsNullsEmptiesAndFlagsFailures() {
        let (values, failed) = ColumnCaster(type: .int64).cast(Self.column(Self.input))
        guard case .int64s(let ints) = values else { Issue.record("wrong case \(values)"); return }
        #expect(ints == [42, nil, nil, nil, nil, -7, nil, Int64.max])
        #expect(failed == [false, false, false, false, true, false, true, false])
    }

    @Test func stringKeepsTrimmedTextAndNullsEmpties() {
        let (values, failed) = ColumnCaster(type: .string).cast(Self.column(Self.input))
        guard case .byteArrays(let strings) = values else { Issue.record("wrong case \(values)"); return }
        #expect(strings.strings == ["42", nil, nil, nil, "x", "-7", "1.0", "9223372036854775807"])
        #expect(strings.nullCount == 3)
        #expect(failed == Array(repeating: false, count: Self.input.count))
    }

    @Test func everyTypeMapsToItsParquetCase() throws {
        let column = Self.column([" 1 ", "no", "2024-02-29", "2024-02-29T00:00:00Z", nil])
        let double = ColumnCaster(type: .double).cast(column)
        guard case .doubles(let d) = double.values else { Issue.record("doubles"); return }
        #expect(d == [1, nil, nil, nil, nil] && double.failed == [false, true, true, true, false])

        let boolean = ColumnCaster(type: .boolean).cast(column)
        guard case .booleans(let b) = boolean.values else { Issue.record("booleans"); return }
        #expect(b == [true, false, nil, nil, nil] && boolean.failed == [false, false, true, true, false])

        let date = ColumnCaster(type: .date(.isoDate)).cast(column)
        guard case .dates(let days) = date.values else { Issue.record("dates"); return }
        #expect(days == [nil, nil, 19_782, nil, nil] && date.failed == [true, true, false, true, false])

        let rfc = ColumnCaster(type: .timestamp(nil)).cast(column)
        guard case .timestampsMicros(let micros) = rfc.values else { Issue.record("timestamps"); return }
        #expect(micros == [nil, nil, nil, 1_709_164_800_000_000, nil] && rfc.failed == [true, true, true, false, false])

        let patterned = ColumnCaster(type: .timestamp(try TemporalPattern("yyyy-MM-dd'T'HH:mm:ssX", kind: .timestamp))).cast(column)
        guard case .timestampsMicros(let micros2) = patterned.values else { Issue.record("timestamps"); return }
        #expect(micros2 == [nil, nil, nil, 1_709_164_800_000_000, nil])
    }

    @Test func acceptsIsTheCastableCheck() {
        let caster = ColumnCaster(type: .int64)
        #expect(CastInput.with(" 12 ") { caster.accepts($0) })
        #expect(CastInput.with("   ") { caster.accepts($0) })    // null after trimming passes
        #expect(!CastInput.with("1.5") { caster.accepts($0) })
    }

    @Test func emptyColumn() {
        let (values, failed) = ColumnCaster(type: .double).cast(ByteArrayColumn())
        #expect(values.count == 0 && failed.isEmpty)
    }
}
