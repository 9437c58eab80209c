import Foundation

/// Column names safe to use side by side: blanks get `column_N`, repeats get `_1`, `_2`, …
/// as DuckDB names them — ignoring case, as DuckDB does (SQL names are case-insensitive there,
/// so `id` and `ID` would be one name): `id,ID` → `id`, `ID_1`.
enum ColumnNames {
    static func uniqued(_ raw: [String?]) -> [String] {
        var taken = Set<String>()  // lowercased
        taken.reserveCapacity(raw.count)
        // Per lowercased base name, the first suffix not yet tried. Names are only ever added,
        // so a suffix found taken stays taken: starting where the last search for this base
        // stopped keeps 20,000 columns all named `a` linear instead of trying `a_1`… again each time.
        var nextSuffix: [String: Int] = [:]
        var names: [String] = []
        names.reserveCapacity(raw.count)
        for (index, name) in raw.enumerated() {
            let trimmed = name?.trimmingCharacters(in: .whitespaces) ?? ""
            let base = trimmed.isEmpty ? "column_\(index + 1)" : (name ?? "")
            let key = base.lowercased()
            if taken.insert(key).inserted {
                names.append(base)
                continue
            }
            var suffix = nextSuffix[key] ?? 1
            var candidate = "\(base)_\(suffix)"
            while !taken.insert(candidate.lowercased()).inserted {
                suffix += 1
                candidate = "\(base)_\(suffix)"
            }
            nextSuffix[key] = suffix + 1
            names.append(candidate)
        }
        return names
    }
}
