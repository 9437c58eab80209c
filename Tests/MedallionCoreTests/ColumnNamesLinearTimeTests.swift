import Foundation
import Testing
@testable import MedallionCore

/// Making header names unique takes time linear in the number of columns, with the same names
/// as the straightforward search (try `_1`, `_2`, … until free) that took 26 s for 20,000
/// columns all named `a`.
@Suite struct ColumnNamesLinearTimeTests {
    /// The reference: for each repeat, try every suffix from 1 (quadratic for many repeats).
    static func reference(_ raw: [String?]) -> [String] {
        var seen = Set<String>()
        return raw.enumerated().map { index, name in
            let trimmed = name?.trimmingCharacters(in: .whitespaces) ?? ""
            let base = trimmed.isEmpty ? "column_\(index + 1)" : (name ?? "")
            var candidate = base
            var suffix = 1
            while seen.contains(candidate.lowercased()) {
                candidate = "\(base)_\(suffix)"
                suffix += 1
            }
            seen.insert(candidate.lowercased())
            return candidate
        }
    }

    // The quadratic search took minutes for 20,000 + 40,000 names in a debug build; the time
    // limit catches a return to it without timing the test itself on a shared machine.
    @Test(.timeLimit(.minutes(1))) func twentyThousandColumnsAllNamedAAreNamedQuickly() {
        let names = ColumnNames.uniqued([String?](repeating: "a", count: 20_000))
        #expect(names == ["a"] + (1..<20_000).map { "a_\($0)" })
        let upper = ColumnNames.uniqued([String?](repeating: "A", count: 40_000))
        #expect(upper.count == 40_000 && upper.last == "A_39999")
    }

    @Test func namesAgreeWithTheReferenceSearch() {
        // Names built to collide: repeats, case variants, names that look like generated ones
        // (`a_1`, `column_3`), blanks and nil.
        let pool: [String?] = ["a", "A", "a_1", "A_1", "a_2", "a_1_1", "b", "column_3", "column_1", "", " ", nil, "é", "É", "a_01"]
        var random = FuzzMutator(seed: 2024)
        for _ in 0..<2_000 {
            let header = (0..<random.next(12)).map { _ in random.pick(pool) }
            #expect(ColumnNames.uniqued(header) == Self.reference(header), "\(header)")
        }
    }
}
