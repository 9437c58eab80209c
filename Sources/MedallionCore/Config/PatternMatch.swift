import Foundation

extension String {
    /// Whether the whole string matches `pattern`. Foundation's `$` also matches before a final
    /// newline, so `"nsde\n"` would pass `^[a-z]+$`: the match must cover every character.
    func matchesEntirely(_ pattern: String) -> Bool {
        guard let match = range(of: pattern, options: .regularExpression) else { return false }
        return match == startIndex..<endIndex
    }
}
