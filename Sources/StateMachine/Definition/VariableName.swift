/// The rules for workflow variable names: a Unicode identifier (UAX #31: an ID_Start character,
/// then ID_Continue characters) of at most 80 characters; `states` is reserved.
enum VariableName {
    static let maxLength = 80
    static let reserved = "states"

    static func isStart(_ c: Character) -> Bool {
        c.isLetter
    }

    static func isContinue(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .nonspacingMark
            || $0.properties.generalCategory == .spacingMark || $0.properties.generalCategory == .connectorPunctuation }
    }

    /// Why `name` cannot be a variable, nil when it can.
    static func problem(_ name: String) -> String? {
        guard let first = name.first else { return "a variable name must not be empty" }
        if name == reserved { return "'\(reserved)' is reserved" }
        if name.count > maxLength { return "variable names are at most \(maxLength) characters" }
        guard isStart(first), name.dropFirst().allSatisfy(isContinue) else {
            return "'\(name)' is not a variable name (a letter, then letters, digits or underscores; no '.' or '[')"
        }
        return nil
    }
}
