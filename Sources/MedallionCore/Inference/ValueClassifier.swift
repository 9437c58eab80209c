/// Recognises the text forms each inferable type accepts, on raw UTF-8 bytes (no allocation).
/// Integers with a leading zero (`00123`: codes, ZIPs, NDCs) stay strings so inference never
/// drops digits.
enum ValueClassifier {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    static func isInt64(_ s: Bytes) -> Bool {
        var i = 0
        if i < s.count && (s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+")) { i += 1 }
        let digitsStart = i
        while i < s.count {
            guard isDigit(s[i]) else { return false }
            i += 1
        }
        let count = i - digitsStart
        guard count > 0 else { return false }
        if count > 1 && s[digitsStart] == UInt8(ascii: "0") { return false }
        if count < 19 { return true }
        return Int64(String(decoding: s, as: UTF8.self)) != nil
    }

    static func isDouble(_ s: Bytes) -> Bool {
        var sawDigit = false, sawDot = false, sawExponent = false
        var previous: UInt8 = 0
        var integerDigits = 0
        var leadingZero = false
        for offset in 0..<s.count {
            let c = s[offset]
            if isDigit(c) {
                if !sawDot && !sawExponent {
                    if integerDigits == 0 && c == UInt8(ascii: "0") { leadingZero = true }
                    integerDigits += 1
                }
                sawDigit = true
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                guard offset == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return false }
            } else if c == UInt8(ascii: ".") {
                guard !sawDot, !sawExponent else { return false }
                sawDot = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                guard sawDigit, !sawExponent else { return false }
                sawExponent = true
                sawDigit = false
            } else {
                return false
            }
            previous = c
        }
        if leadingZero && integerDigits > 1 { return false }
        return sawDigit
    }

    static func isBoolean(_ s: Bytes) -> Bool {
        func matches(_ word: StaticString) -> Bool {
            guard s.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for i in 0..<s.count where s[i] | 0x20 != w[i] { return false }
            return true
        }
        return matches("true") || matches("false")
    }

    /// `YYYY-MM-DD`, a real calendar date.
    static func isDate(_ s: Bytes) -> Bool {
        guard s.count == 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-") else { return false }
        guard let year = number(s, 0, 4), let month = number(s, 5, 2), let day = number(s, 8, 2) else { return false }
        return validDate(year: year, month: month, day: day)
    }

    private static func number(_ s: Bytes, _ start: Int, _ length: Int) -> Int? {
        guard start + length <= s.count else { return nil }
        var value = 0
        for i in start..<(start + length) {
            guard isDigit(s[i]) else { return nil }
            value = value * 10 + Int(s[i] - UInt8(ascii: "0"))
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
