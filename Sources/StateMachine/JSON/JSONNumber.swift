/// A JSON number that keeps integers exact (`3` stays `3`, never `3.0`).
///
/// Equality and hashing are numeric, so `3` equals `3.0` as JSON comparison requires.
public enum JSONNumber: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case double(Double)

    /// The value as a `Double` (exact for integers up to 2^53).
    public var doubleValue: Double {
        switch self {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        }
    }

    /// The value as an `Int` when it is integral and in range.
    public var intValue: Int? {
        switch self {
        case .integer(let i): return i
        case .double(let d):
            guard d.rounded() == d, abs(d) < 9.2e18 else { return nil }
            return Int(d)
        }
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a == b
        default: return lhs.doubleValue == rhs.doubleValue
        }
    }

    public func hash(into hasher: inout Hasher) {
        if let i = intValue { hasher.combine(i) } else { hasher.combine(doubleValue) }
    }

    /// JSON text for the number: integers without a fraction, doubles in shortest round-trip form.
    public var description: String {
        switch self {
        case .integer(let i): return String(i)
        case .double(let d):
            if d.isNaN || d.isInfinite { return "null" }
            if d.rounded() == d, abs(d) < 1e16 { return String(Int(d)) + ".0" }
            return "\(d)"
        }
    }

    func compare(_ other: JSONNumber) -> Int {
        switch (self, other) {
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        default:
            let a = doubleValue, b = other.doubleValue
            return a < b ? -1 : (a > b ? 1 : 0)
        }
    }
}
