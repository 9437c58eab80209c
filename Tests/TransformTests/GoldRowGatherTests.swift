import Parquet
import Testing
@testable import Transform

/// `ColumnValues.gathered`: rows by position, repeats allowed, -1 as null, every column kind.
@Suite struct GoldRowGatherTests {
    @Test func gathersEveryKind() throws {
        let rows: [Int32] = [2, -1, 0, 2, 1]
        #expect(GoldCell.rows(ColumnBatch([ColumnValues.int64s([10, nil, 30]).gathered(rows)])).map { $0[0] }
                == [.int(30), .null, .int(10), .int(30), .null])
        #expect(GoldCell.rows(ColumnBatch([ColumnValues.dates([1, 2, 3]).gathered(rows)])).map { $0[0] }
                == [.int(3), .null, .int(1), .int(3), .int(2)])
        let strings = GoldColumns.strings(["alpha", nil, "", "δέλτα"]).gathered([3, 0, -1, 1, 2, 3, 0])
        guard case .byteArrays(let picked) = strings else { Issue.record("not strings"); return }
        #expect(picked.strings == ["δέλτα", "alpha", nil, nil, "", "δέλτα", "alpha"])
        #expect(picked.nullCount == 2)
        #expect(picked.byteCount == 2 * "δέλτα".utf8.count + 10)
        let empty = GoldColumns.strings([]).gathered([-1, -1])
        guard case .byteArrays(let nulls) = empty else { Issue.record("not strings"); return }
        #expect(nulls.strings == [nil, nil])

        var builder = ListColumnBuilder(elementType: .int64)
        builder.append([1, 2] as [Int64?])
        builder.appendNull()
        builder.append([] as [Int64?])
        builder.append([3, nil, 4] as [Int64?])
        guard case .lists(let lists) = ColumnValues.lists(builder.build()).gathered([3, -1, 0, 1, 2, 3]) else { Issue.record("not lists"); return }
        #expect((0..<lists.count).map { lists.int64s(at: $0) } == [[3, nil, 4], nil, [1, 2], nil, [], [3, nil, 4]])
    }
}
