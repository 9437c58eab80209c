import Testing
@testable import MedallionCore

@Suite struct StringColumnBuilderTests {
    /// Every length class of the copy (0–3, 4–7, 8–16, longer), nulls, empty strings and
    /// growth past the initial capacities come back exactly, batch after batch.
    @Test func collectsEveryFieldExactly() {
        var builder = StringColumnBuilder(values: 16, bytes: 64)
        defer { builder.deallocate() }
        for batch in 0..<3 {
            var expected: [String?] = []
            for i in 0..<500 {
                let value: String? = i % 13 == 0 ? nil : String((0..<((i + batch) % 41)).map { Character(UnicodeScalar(UInt8(97 + ($0 + i) % 26))) })
                expected.append(value)
                if var text = value {
                    text.withUTF8 { builder.append(UnsafeRawBufferPointer($0)) }
                } else {
                    builder.append(nil)
                }
            }
            let column = builder.makeColumn()
            #expect(column.strings == expected)
            #expect(column.nullCount == expected.filter { $0 == nil }.count)
            builder.removeAll()
            #expect(builder.count == 0)
        }
    }
}
