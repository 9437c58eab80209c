/// How a run gets a unique id when the one it wants is taken.
///
/// Run ids are `<UTC second>-<first 8 hex of the source SHA-256>` (DESIGN.md), so two datasets
/// with identical bytes started in the same second want the same id. The later one gets the
/// first free `<id>-2`, `<id>-3`, …: the normal case keeps the documented form, and the suffix
/// still sorts right after its base.
enum RunIdAllocation {
    /// More runs than this of identical bytes in one second means something is looping.
    static let maxSuffix = 100_000

    /// The id for a run that wants `wanted` and currently holds `current`; `isTaken` says
    /// whether another run holds a candidate.
    static func assign(wanted: String, current: String, isTaken: (String) throws -> Bool) throws -> String {
        // Identifying the same execution twice (a retried FetchAndHash) keeps its id.
        if current == wanted || isSuffixed(current, of: wanted) { return current }
        for suffix in 1...maxSuffix {
            let candidate = suffix == 1 ? wanted : "\(wanted)-\(suffix)"
            if try !isTaken(candidate) { return candidate }
        }
        throw ManifestError.runExists(wanted)
    }

    /// `base-N` with N ≥ 2 in decimal.
    static func isSuffixed(_ id: String, of base: String) -> Bool {
        guard id.hasPrefix(base + "-") else { return false }
        let digits = id.dropFirst(base.count + 1)
        guard let first = digits.first, first != "0", digits.allSatisfy({ ("0"..."9").contains($0) }),
              let n = Int(digits) else { return false }
        return n >= 2
    }
}
