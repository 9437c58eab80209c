import CivilCalendar
import Parquet

/// A date or timestamp text pattern from a dataset config (`"format": "yyyyMMdd"`), checked when
/// the config is loaded and then matched against raw bytes with no allocation.
///
/// Tokens (every one fixed-width; a value must have exactly that many ASCII digits):
///
/// | token | meaning | kinds |
/// |---|---|---|
/// | `yyyy` | year, 0000–9999 | date, timestamp |
/// | `MM` | month, 01–12 | date, timestamp |
/// | `dd` | day of month, a real calendar day (leap years counted) | date, timestamp |
/// | `HH` | hour, 00–23 | timestamp |
/// | `mm` | minute, 00–59 | timestamp |
/// | `ss` | second, 00–59 | timestamp |
/// | `S`…`SSSSSSSSS` | fraction of a second, exactly as many digits as letters; digits beyond the sixth are dropped (truncated) | timestamp |
/// | `X` / `XX` / `XXX` | zone: `Z` (or `z`), or an offset `±HH` / `±HHMM` / `±HH:MM` | timestamp |
///
/// Every other ASCII letter is an error (`YYYY`, `DD`, `T`…), so a typo never silently
/// becomes a literal; quote letters to match them literally (`yyyy-MM-dd'T'HH:mm:ss`, where `''`
/// is one quote). Every other character is matched literally, byte for byte.
///
/// A date pattern needs `yyyy`, `MM` and `dd`; a timestamp pattern also `HH` and `mm` (`ss` is
/// optional and defaults to 0; a fraction needs `ss`). A timestamp pattern without a zone token
/// reads its text as UTC. No token may appear twice.
public struct TemporalPattern: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case date, timestamp
    }

    /// The pattern as written in the config.
    public private(set) var text: String
    public let kind: Kind
    @usableFromInline let steps: [Step]

    @usableFromInline
    enum Step: Sendable, Equatable {
        case year, month, day, hour, minute, second
        /// Exactly this many fraction digits (1...9).
        case fraction(Int)
        case zone(ZoneForm)
        case literal(UInt8)
    }

    @usableFromInline
    enum ZoneForm: Sendable, Equatable {
        /// `X`: ±HH; `XX`: ±HHMM; `XXX`: ±HH:MM (each also `Z`).
        case hours, hoursMinutes, hoursColonMinutes
    }

    /// `yyyy-MM-dd`, the date pattern when a config gives none.
    public static let isoDate = TemporalPattern(
        text: "yyyy-MM-dd", kind: .date,
        steps: [.year, .literal(UInt8(ascii: "-")), .month, .literal(UInt8(ascii: "-")), .day])

    init(text: String, kind: Kind, steps: [Step]) {
        self.text = text
        self.kind = kind
        self.steps = steps
    }

    /// Parses and checks `text`; the error names the offending token.
    public init(_ text: String, kind: Kind) throws(TemporalPatternError) {
        let bytes = Array(text.utf8)
        var steps: [Step] = []
        var seen: [String] = []
        var i = 0
        func record(_ token: String, _ step: Step) throws(TemporalPatternError) {
            if seen.contains(token) { throw .repeatedToken(token, pattern: text) }
            // Two fraction tokens or two zone tokens are repeats too, whatever their widths.
            if case .fraction = step, steps.contains(where: { if case .fraction = $0 { true } else { false } }) {
                throw .repeatedToken(token, pattern: text)
            }
            if case .zone = step, steps.contains(where: { if case .zone = $0 { true } else { false } }) {
                throw .repeatedToken(token, pattern: text)
            }
            seen.append(token)
            steps.append(step)
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "'") {
                // '' is a quote; otherwise everything up to the next quote is literal.
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "'") {
                    steps.append(.literal(c))
                    i += 2
                    continue
                }
                var j = i + 1
                while true {
                    guard j < bytes.count else { throw .unterminatedQuote(pattern: text) }
                    if bytes[j] == UInt8(ascii: "'") {
                        if j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: "'") {
                            steps.append(.literal(UInt8(ascii: "'")))
                            j += 2
                            continue
                        }
                        break
                    }
                    steps.append(.literal(bytes[j]))
                    j += 1
                }
                i = j + 1
                continue
            }
            let isLetter = (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
            guard isLetter else {
                steps.append(.literal(c))
                i += 1
                continue
            }
            var j = i
            while j < bytes.count, bytes[j] == c { j += 1 }
            let run = j - i
            let token = String(decoding: bytes[i..<j], as: UTF8.self)
            i = j
            switch (c, run) {
            case (UInt8(ascii: "y"), 4): try record(token, .year)
            case (UInt8(ascii: "M"), 2): try record(token, .month)
            case (UInt8(ascii: "d"), 2): try record(token, .day)
            case (UInt8(ascii: "H"), 2), (UInt8(ascii: "m"), 2), (UInt8(ascii: "s"), 2),
                 (UInt8(ascii: "S"), 1...9), (UInt8(ascii: "X"), 1...3):
                guard kind == .timestamp else { throw .timeTokenInDatePattern(token, pattern: text) }
                switch c {
                case UInt8(ascii: "H"): try record(token, .hour)
                case UInt8(ascii: "m"): try record(token, .minute)
                case UInt8(ascii: "s"): try record(token, .second)
                case UInt8(ascii: "S"): try record(token, .fraction(run))
                default: try record(token, .zone(run == 1 ? .hours : run == 2 ? .hoursMinutes : .hoursColonMinutes))
                }
            default:
                throw .unknownToken(token, pattern: text, kind: kind)
            }
        }
        let required = kind == .date ? ["yyyy", "MM", "dd"] : ["yyyy", "MM", "dd", "HH", "mm"]
        for token in required where !seen.contains(token) {
            throw .missingToken(token, pattern: text)
        }
        if steps.contains(where: { if case .fraction = $0 { true } else { false } }), !seen.contains("ss") {
            throw .missingToken("ss", pattern: text)
        }
        self.init(text: text, kind: kind, steps: steps)
    }

    public var description: String { text }

    /// Whether the pattern has a zone token (without one, timestamp text is read as UTC).
    public var hasZone: Bool {
        steps.contains { if case .zone = $0 { true } else { false } }
    }

    /// Days since 1970-01-01 of the date in `bytes` (already trimmed), or nil when the text does
    /// not match the pattern or is not a real calendar date. For a timestamp pattern: the UTC day
    /// of `micros(bytes)`.
    @inlinable
    public func days(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let fields = match(bytes) else { return nil }
        let days = CivilDate.days(year: fields.year, month: fields.month, day: fields.day)
        if kind == .date { return Int32(truncatingIfNeeded: days) }   // years 0000–9999 fit
        let micros = fields.micros(days: days)
        let (q, r) = micros.quotientAndRemainder(dividingBy: 86_400_000_000)
        return Int32(truncatingIfNeeded: r < 0 ? q - 1 : q)
    }

    /// UTC microseconds since the epoch of the timestamp in `bytes` (already trimmed), or nil
    /// when the text does not match. For a date pattern: midnight UTC of the date.
    @inlinable
    public func micros(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard let fields = match(bytes) else { return nil }
        return fields.micros(days: CivilDate.days(year: fields.year, month: fields.month, day: fields.day))
    }

    @usableFromInline
    struct Fields {
        @usableFromInline var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        @usableFromInline var fraction: Int64 = 0        // microseconds
        @usableFromInline var offsetSeconds = 0
        @inlinable init() {}

        @inlinable
        func micros(days: Int64) -> Int64 {
            let seconds = days &* 86_400 &+ Int64(hour &* 3600 &+ minute &* 60 &+ second &- offsetSeconds)
            return seconds &* 1_000_000 &+ fraction
        }
    }

    @inlinable
    func match(_ bytes: UnsafeRawBufferPointer) -> Fields? {
        let count = bytes.count
        var i = 0
        var f = Fields()
        @inline(__always) func digits(_ n: Int) -> Int? {
            guard i &+ n <= count else { return nil }
            var value = 0
            for k in i..<(i &+ n) {
                let d = bytes[k] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                value = value &* 10 &+ Int(d)
            }
            i &+= n
            return value
        }
        for step in steps {
            switch step {
            case .year: guard let v = digits(4) else { return nil }; f.year = v
            case .month: guard let v = digits(2) else { return nil }; f.month = v
            case .day: guard let v = digits(2) else { return nil }; f.day = v
            case .hour: guard let v = digits(2), v < 24 else { return nil }; f.hour = v
            case .minute: guard let v = digits(2), v < 60 else { return nil }; f.minute = v
            case .second: guard let v = digits(2), v < 60 else { return nil }; f.second = v
            case .fraction(let n):
                let kept = min(n, 6)
                guard var v = digits(kept) else { return nil }
                if n > kept { guard digits(n &- kept) != nil else { return nil } }
                var scale = kept
                while scale < 6 { v &*= 10; scale &+= 1 }
                f.fraction = Int64(v)
            case .zone(let form):
                guard i < count else { return nil }
                let sign = bytes[i]
                if sign | 0x20 == UInt8(ascii: "z") {
                    i &+= 1
                    f.offsetSeconds = 0
                    continue
                }
                guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
                i &+= 1
                guard let hours = digits(2), hours < 24 else { return nil }
                var minutes = 0
                switch form {
                case .hours: break
                case .hoursMinutes:
                    guard let m = digits(2) else { return nil }
                    minutes = m
                case .hoursColonMinutes:
                    guard i < count, bytes[i] == UInt8(ascii: ":") else { return nil }
                    i &+= 1
                    guard let m = digits(2) else { return nil }
                    minutes = m
                }
                guard minutes < 60 else { return nil }
                let magnitude = hours &* 3600 &+ minutes &* 60
                f.offsetSeconds = sign == UInt8(ascii: "-") ? -magnitude : magnitude
            case .literal(let byte):
                guard i < count, bytes[i] == byte else { return nil }
                i &+= 1
            }
        }
        guard i == count, CivilDate.isValid(year: f.year, month: f.month, day: f.day) else { return nil }
        return f
    }
}

/// Why a date or timestamp pattern was refused; the text names the token and the pattern.
public enum TemporalPatternError: Error, Equatable, CustomStringConvertible {
    /// A run of letters that is no token of the pattern's kind (`YYYY`, `DD`, `yy`, an unquoted `T`).
    case unknownToken(String, pattern: String, kind: TemporalPattern.Kind)
    /// A time token (`HH`, `mm`, `ss`, `S…`, `X…`) in a date pattern.
    case timeTokenInDatePattern(String, pattern: String)
    /// A token that appears twice (two fraction or two zone tokens count as a repeat).
    case repeatedToken(String, pattern: String)
    /// A token the pattern needs: `yyyy`, `MM`, `dd`; for timestamps also `HH`, `mm` (and `ss` with a fraction).
    case missingToken(String, pattern: String)
    /// A `'` that opens a literal and is never closed.
    case unterminatedQuote(pattern: String)

    public var description: String {
        switch self {
        case .unknownToken(let token, let pattern, let kind):
            let hint: String
            switch token {
            case "YYYY": hint = "; the year is yyyy"
            case "DD": hint = "; the day of month is dd"
            case "mm" where kind == .date, "mM": hint = "; the month is MM"
            case "T", "t": hint = "; quote letters to match them literally, e.g. 'T'"
            default: hint = ""
            }
            let tokens = kind == .date
                ? "yyyy, MM, dd"
                : "yyyy, MM, dd, HH, mm, ss, S to SSSSSSSSS, X, XX, XXX"
            return "unknown token '\(token)' in \(kind == .date ? "date" : "timestamp") pattern \"\(pattern)\"\(hint) (tokens: \(tokens); quote other letters)"
        case .timeTokenInDatePattern(let token, let pattern):
            let hint = token == "mm" ? "; the month is MM" : ""
            return "time token '\(token)' in date pattern \"\(pattern)\"\(hint) (a date pattern uses yyyy, MM and dd)"
        case .repeatedToken(let token, let pattern):
            return "token '\(token)' appears more than once in pattern \"\(pattern)\""
        case .missingToken(let token, let pattern):
            return "pattern \"\(pattern)\" lacks '\(token)'"
        case .unterminatedQuote(let pattern):
            return "unterminated quote in pattern \"\(pattern)\" (write '' for a literal quote)"
        }
    }
}
