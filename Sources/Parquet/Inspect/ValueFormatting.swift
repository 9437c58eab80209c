import CivilCalendar
import TextEncoding

/// Text forms of Parquet values for the CLI: dates as YYYY-MM-DD, timestamps as RFC 3339 UTC,
/// strings as JSON string literals.
public enum ValueFormatting {
    /// Civil date of `days` since 1970-01-01 (proleptic Gregorian), as YYYY-MM-DD.
    public static func date(days: Int64) -> String {
        let (year, month, day) = CivilDate.civil(days: days)
        return "\(pad(Int64(year), 4))-\(pad(Int64(month), 2))-\(pad(Int64(day), 2))"
    }

    /// RFC 3339 UTC form of `micros` since the epoch; fractional seconds only when non-zero.
    public static func timestamp(micros: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        let (q, r) = micros.quotientAndRemainder(dividingBy: perDay)
        let days = r < 0 ? q - 1 : q
        let inDay = r < 0 ? r + perDay : r
        let seconds = inDay / 1_000_000
        let fraction = inDay % 1_000_000
        var text = "\(date(days: days))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 { text += ".\(pad(fraction, 6))" }
        return text + "Z"
    }

    /// A JSON number for `value` (null for NaN and infinities, which JSON cannot express).
    public static func jsonNumber(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }

    /// Value `row` of `values` as a JSON literal.
    public static func json(_ values: ColumnValues, row: Int) -> String {
        switch values {
        case .booleans(let v): return v[row].map { $0 ? "true" : "false" } ?? "null"
        case .int32s(let v): return v[row].map { "\($0)" } ?? "null"
        case .int64s(let v): return v[row].map { "\($0)" } ?? "null"
        case .doubles(let v): return v[row].map(jsonNumber) ?? "null"
        case .dates(let v): return v[row].map { JSONStringEscaping.quoted(date(days: Int64($0))) } ?? "null"
        case .timestampsMicros(let v): return v[row].map { JSONStringEscaping.quoted(timestamp(micros: $0)) } ?? "null"
        case .byteArrays(let v): return v[row].map(JSONStringEscaping.quoted) ?? "null"
        case .lists(let v):
            if v.isNull(at: row) { return "null" }
            return "[" + v.elementRange(at: row).map { json(v.elements, row: $0) }.joined(separator: ",") + "]"
        }
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(abs(value))
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
