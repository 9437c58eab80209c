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

    @Test func twentyThousandColumnsAllNamedAAreNamedQuickly() {
        let started = ContinuousClock.now
        let names = ColumnNames.uniqued([String?](repeating: "a", count: 20_000))
        let elapsed = ContinuousClock.now - started
        #expect(names == ["a"] + (1..<20_000).map { "a_\($0)" })
        // Linear: well under a second even in a debug build (the quadratic search took minutes there).
        #expect(elapsed < .seconds(2), "\(elapsed)")
        // Doubling the width about doubles the time (quadratic would quadruple it).
        let twice = ContinuousClock.now
        _ = ColumnNames.uniqued([String?](repeating: "A", count: 40_000))
        #expect(ContinuousClock.now - twice < .seconds(4), "\(ContinuousClock.now - twice)")
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
