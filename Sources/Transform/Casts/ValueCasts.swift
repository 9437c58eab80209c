import CivilCalendar
import Parquet

/// The Silver value casts (DESIGN.md, "Silver and Gold semantics"), on raw UTF-8 bytes: no
/// String is made per value except on `double`'s rare slow path (more than 19 significant digits,
/// a mantissa above 2^53 or a decimal exponent beyond ±22), where the standard library's
/// correctly rounded conversion is used.
///
/// Every cast takes already-trimmed bytes (see `trimmed`) and returns nil when the text does not
/// have the type's form.
public enum ValueCasts {
    // MARK: Trim

    /// `bytes` without leading and trailing ASCII whitespace: space, tab, LF, VT, FF, CR.
    ///
    /// Unicode spaces (NO-BREAK SPACE, IDEOGRAPHIC SPACE, …) are kept: they are not ASCII
    /// whitespace, and a value that holds them fails every typed cast. DuckDB's `trim()` differs
    /// both ways: it removes only Unicode space separators (U+0020, U+00A0, U+1680, U+2000–U+200A,
    /// U+202F, U+205F, U+3000) and keeps tabs, CR and LF.
    @inlinable
    public static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, isASCIIWhitespace(bytes[start]) { start &+= 1 }
        while end > start, isASCIIWhitespace(bytes[end &- 1]) { end &-= 1 }
        if start == 0 && end == bytes.count { return bytes }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    @inlinable @inline(__always)
    static func isASCIIWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0D)
    }

    @inlinable @inline(__always)
    static func digit(_ c: UInt8) -> UInt8? {
        let d = c &- UInt8(ascii: "0")
        return d < 10 ? d : nil
    }

    /// A leading `-` or `+`: whether the number is negative and where its digits start.
    @inlinable @inline(__always)
    static func sign(_ bytes: UnsafeRawBufferPointer) -> (negative: Bool, start: Int) {
        guard let first = bytes.first else { return (false, 0) }
        if first == UInt8(ascii: "-") { return (true, 1) }
        return (false, first == UInt8(ascii: "+") ? 1 : 0)
    }

    // MARK: int64

    /// An optional `+`/`-` then one or more ASCII digits (leading zeros allowed), within Int64.
    /// `1.0`, `1e3`, `0x10`, `1_000` and `１` (fullwidth) fail.
    @inlinable
    public static func int64(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        let (negative, start) = sign(bytes)
        var i = start
        guard i < count else { return nil }
        // Accumulate the magnitude in UInt64; the limit is 2^63 for negatives, 2^63 - 1 otherwise.
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        var magnitude: UInt64 = 0
        while i < count {
            guard let d = digit(bytes[i]) else { return nil }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(d))
            guard !o1, !o2, sum <= limit else { return nil }
            magnitude = sum
            i &+= 1
        }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }

    // MARK: double

    /// A decimal number with an optional exponent: `[+-](digits[.digits*] | .digits)([eE][+-]digits)?`.
    /// NaN, Infinity, hexadecimal floats, digit separators and results that overflow to infinity
    /// fail; results that underflow round to a subnormal or zero like `strtod`. The value is the
    /// correctly rounded double (identical to `strtod`).
    @inlinable
    public static func double(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let count = bytes.count
        let (negative, start) = sign(bytes)
        var i = start
        // Mantissa digits: up to 19 significant ones are kept exactly in `mantissa`.
        var mantissa: UInt64 = 0
        var significant = 0        // significant digits seen (leading zeros excluded)
        var dropped = false        // a significant digit did not fit in `mantissa`
        var decimalExponent = 0    // power of ten applied to `mantissa`
        var digits = 0
        while i < count, let d = digit(bytes[i]) {
            if significant < 19 {
                if mantissa != 0 || d != 0 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant &+= 1
                }
            } else {
                decimalExponent &+= 1
                dropped = true
            }
            digits &+= 1
            i &+= 1
        }
        if i < count, bytes[i] == UInt8(ascii: ".") {
            i &+= 1
            while i < count, let d = digit(bytes[i]) {
                if significant < 19 {
                    if mantissa != 0 || d != 0 {
                        mantissa = mantissa &* 10 &+ UInt64(d)
                        significant &+= 1
                    }
                    decimalExponent &-= 1
                } else {
                    dropped = true
                }
                digits &+= 1
                i &+= 1
            }
        }
        guard digits > 0 else { return nil }
        if i < count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i &+= 1
            var exponentNegative = false
            if i < count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i &+= 1
            }
            var exponent = 0
            var exponentDigits = 0
            while i < count, let d = digit(bytes[i]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) }   // saturates: far beyond any double
                exponentDigits &+= 1
                i &+= 1
            }
            guard exponentDigits > 0 else { return nil }
            decimalExponent &+= exponentNegative ? -exponent : exponent
        }
        guard i == count else { return nil }

        // Clinger's fast path: an exactly representable mantissa times an exactly representable
        // power of ten is correctly rounded by one IEEE multiplication or division.
        if !dropped, mantissa <= 1 << 53, decimalExponent >= -22, decimalExponent <= 22 {
            var value = Double(mantissa)
            if decimalExponent < 0 {
                value /= powersOfTen[-decimalExponent]
            } else {
                value *= powersOfTen[decimalExponent]
            }
            return negative ? -value : value
        }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        return slowDouble(bytes)
    }

    @usableFromInline
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The standard library's correctly rounded conversion, for text already validated by `double`.
    @usableFromInline
    static func slowDouble(_ bytes: UnsafeRawBufferPointer) -> Double? {
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    // MARK: boolean

    /// `true`/`false`, `1`/`0`, `yes`/`no`, `y`/`n`, in any case. `t`, `f`, `on`, `off` fail.
    @inlinable
    public static func boolean(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        switch bytes.count {
        case 1:
            switch bytes[0] {
            case UInt8(ascii: "1"), UInt8(ascii: "y"), UInt8(ascii: "Y"): return true
            case UInt8(ascii: "0"), UInt8(ascii: "n"), UInt8(ascii: "N"): return false
            default: return nil
            }
        case 2:
            return bytes[0] | 0x20 == UInt8(ascii: "n") && bytes[1] | 0x20 == UInt8(ascii: "o") ? false : nil
        case 3:
            return bytes[0] | 0x20 == UInt8(ascii: "y") && bytes[1] | 0x20 == UInt8(ascii: "e")
                && bytes[2] | 0x20 == UInt8(ascii: "s") ? true : nil
        case 4:
            return bytes[0] | 0x20 == UInt8(ascii: "t") && bytes[1] | 0x20 == UInt8(ascii: "r")
                && bytes[2] | 0x20 == UInt8(ascii: "u") && bytes[3] | 0x20 == UInt8(ascii: "e") ? true : nil
        case 5:
            return bytes[0] | 0x20 == UInt8(ascii: "f") && bytes[1] | 0x20 == UInt8(ascii: "a")
                && bytes[2] | 0x20 == UInt8(ascii: "l") && bytes[3] | 0x20 == UInt8(ascii: "s")
                && bytes[4] | 0x20 == UInt8(ascii: "e") ? false : nil
        default:
            return nil
        }
    }

    // MARK: RFC 3339 timestamp

    /// RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, also with a space or `t` instead of
    /// `T`, `z` for `Z`, and `±HHMM` or `±HH` offsets; microseconds since the epoch, UTC. Digits
    /// of the fraction beyond the sixth are dropped (truncation, also before 1970). A value
    /// without a zone fails, as do hour 24, second 60 (leap seconds; DuckDB rejects them too),
    /// an empty fraction and offsets beyond ±23:59.
    @inlinable
    public static func rfc3339Micros(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        guard count >= 20 else { return nil }   // 19 for date and time, at least 1 for the zone
        @inline(__always) func two(_ at: Int) -> Int? {
            guard let a = digit(bytes[at]), let b = digit(bytes[at &+ 1]) else { return nil }
            return Int(a) &* 10 &+ Int(b)
        }
        guard let century = two(0), let yy = two(2), bytes[4] == UInt8(ascii: "-"),
              let month = two(5), bytes[7] == UInt8(ascii: "-"), let day = two(8) else { return nil }
        let separator = bytes[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
              let hour = two(11), bytes[13] == UInt8(ascii: ":"), let minute = two(14),
              bytes[16] == UInt8(ascii: ":"), let second = two(17) else { return nil }
        let year = century &* 100 &+ yy
        guard CivilDate.isValid(year: year, month: month, day: day), hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if bytes[i] == UInt8(ascii: ".") {
            i &+= 1
            var fractionDigits = 0
            while i < count, let d = digit(bytes[i]) {
                if fractionDigits < 6 { fraction = fraction &* 10 &+ Int64(d) }
                fractionDigits &+= 1
                i &+= 1
            }
            guard fractionDigits > 0 else { return nil }
            var scale = fractionDigits
            while scale < 6 { fraction &*= 10; scale &+= 1 }
        }
        guard i < count else { return nil }     // no zone
        let offsetSeconds: Int
        let zone = bytes[i]
        if zone | 0x20 == UInt8(ascii: "z") {
            guard i &+ 1 == count else { return nil }
            offsetSeconds = 0
        } else if zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-") {
            let rest = count &- i &- 1
            guard rest >= 2, let offsetHour = two(i &+ 1), offsetHour < 24 else { return nil }
            var offsetMinute = 0
            switch rest {
            case 2: break
            case 4:
                guard let m = two(i &+ 3) else { return nil }
                offsetMinute = m
            case 5:
                guard bytes[i &+ 3] == UInt8(ascii: ":"), let m = two(i &+ 4) else { return nil }
                offsetMinute = m
            default: return nil
            }
            guard offsetMinute < 60 else { return nil }
            let magnitude = offsetHour &* 3600 &+ offsetMinute &* 60
            offsetSeconds = zone == UInt8(ascii: "-") ? -magnitude : magnitude
        } else {
            return nil
        }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = days &* 86_400 &+ Int64(hour &* 3600 &+ minute &* 60 &+ second &- offsetSeconds)
        return seconds &* 1_000_000 &+ fraction
    }
}
