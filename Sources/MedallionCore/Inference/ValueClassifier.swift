/// Recognises the text forms each inferable type accepts. Integers with a leading zero
/// (`00123`: codes, ZIPs, NDCs) stay strings so inference never drops digits.
enum ValueClassifier {
    static func isInt64(_ s: Substring.UTF8View) -> Bool {
        var i = s.startIndex
        if i == s.endIndex { return false }
        if s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") { i = s.index(after: i) }
        let digitsStart = i
        var count = 0
        while i != s.endIndex {
            let c = s[i]
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return false }
            count += 1
            i = s.index(after: i)
        }
        guard count > 0 else { return false }
        if count > 1 && s[digitsStart] == UInt8(ascii: "0") { return false }
        if count < 19 { return true }
        return Int64(String(decoding: s, as: UTF8.self)) != nil
    }

    static func isDouble(_ s: Substring.UTF8View) -> Bool {
        var sawDigit = false, sawDot = false, sawExponent = false
        var previous: UInt8 = 0
        var leadingZeroRun = false
        var integerDigits = 0
        for (offset, c) in s.enumerated() {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if !sawDot && !sawExponent {
                    if integerDigits == 0 && c == UInt8(ascii: "0") { leadingZeroRun = true }
                    integerDigits += 1
                }
                sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard offset == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return false }
            case UInt8(ascii: "."):
                guard !sawDot, !sawExponent else { return false }
                sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return false }
                sawExponent = true
                sawDigit = false
            default:
                return false
            }
            previous = c
        }
        if leadingZeroRun && integerDigits > 1 { return false }
        return sawDigit
    }

    static func isBoolean(_ s: Substring) -> Bool {
        switch s.count {
        case 4: return s.lowercased() == "true"
        case 5: return s.lowercased() == "false"
        default: return false
        }
    }

    /// `YYYY-MM-DD`, a real calendar date.
    static func isDate(_ s: Substring.UTF8View) -> Bool {
        let b = Array(s)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        guard let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2) else { return false }
        return validDate(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|±HH[:]MM]`.
    static func isTimestamp(_ s: Substring.UTF8View) -> Bool {
        let b = Array(s)
        guard b.count >= 16, isDate(s.prefix(10)), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") else { return false }
        guard let hour = number(b, 11, 2), b[13] == UInt8(ascii: ":"), let minute = number(b, 14, 2),
              hour < 24, minute < 60 else { return false }
        var i = 16
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let second = number(b, i + 1, 2), second <= 60 else { return false }
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
                guard i > start else { return false }
            }
        }
        if i == b.count { return true }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return false }
        let rest = b.count - i - 1
        guard let offsetHour = number(b, i + 1, 2), offsetHour < 24 else { return false }
        if rest == 2 { return true }
        if rest == 4 { return number(b, i + 3, 2).map { $0 < 60 } ?? false }
        if rest == 5, b[i + 3] == UInt8(ascii: ":") { return number(b, i + 4, 2).map { $0 < 60 } ?? false }
        return false
    }

    private static func number(_ b: [UInt8], _ start: Int, _ length: Int) -> Int? {
        guard start + length <= b.count else { return nil }
        var value = 0
        for i in start..<(start + length) {
            let c = b[i]
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
        }
        return value
    }

    static func validDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
