/// Silver column names (DESIGN.md, "Names").
public enum ColumnNaming {
    /// A source column's Silver name: lower case; every run of characters other than letters
    /// and digits becomes one `_`; leading and trailing `_` removed; camelCase split
    /// (`patientId` → `patient_id`, `HTTPServer` → `http_server`, `NDC11` → `ndc11`); a leading
    /// digit gets a `_` prefix (`Amount (USD)` → `amount_usd`).
    ///
    /// Details:
    /// * Letters and digits are Unicode ones (`Größe` → `größe`, `Prix €` → `prix`); everything
    ///   else, `_` included, is a separator, so `a__b` → `a_b` and `_id` → `id`.
    /// * camelCase boundaries, as Rails' `underscore`: before an upper-case letter that follows a
    ///   lower-case letter or a digit (`patientId` → `patient_id`, `ndc11Code` → `ndc11_code`),
    ///   and before the last capital of a run of capitals followed by a lower-case letter
    ///   (`HTTPServer` → `http_server`). A digit after a capital is no boundary (`NDC11` → `ndc11`).
    /// * A name with no letter or digit at all (`""`, `"  "`, `"(?)"`) becomes `column`; the
    ///   caller makes duplicates unique.
    public static func snakeCase(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        var out = String.UnicodeScalarView()
        var pendingSeparator = false
        var previous: Unicode.Scalar?          // the previous scalar when it was a letter or digit
        for (index, scalar) in scalars.enumerated() {
            guard isWordScalar(scalar) else {
                pendingSeparator = true
                previous = nil
                continue
            }
            if let previous, isUpper(scalar) {
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                if isLower(previous) || isDigit(previous) {
                    pendingSeparator = true
                } else if isUpper(previous), let next, isLower(next) {
                    pendingSeparator = true
                }
            }
            if pendingSeparator && !out.isEmpty { out.append("_") }
            pendingSeparator = false
            for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(lower) }
            previous = scalar
        }
        guard let first = out.first else { return "column" }
        var result = String(out)
        if isDigit(first) { result = "_" + result }
        return result
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || isDigit(s)
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool {
        s.properties.numericType == .decimal
    }

    private static func isUpper(_ s: Unicode.Scalar) -> Bool { s.properties.isUppercase }

    private static func isLower(_ s: Unicode.Scalar) -> Bool { s.properties.isLowercase }
}
