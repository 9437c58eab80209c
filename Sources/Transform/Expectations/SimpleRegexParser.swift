/// A set of ASCII bytes (0...127), one bit per byte.
struct ASCIISet: Equatable, Sendable {
    private(set) var low: UInt64 = 0
    private(set) var high: UInt64 = 0

    init() {}

    init(_ byte: UInt8) { insert(byte) }

    init(_ range: ClosedRange<UInt8>) {
        for byte in range { insert(byte) }
    }

    func contains(_ byte: UInt8) -> Bool {
        if byte < 64 { return low & (1 << UInt64(byte)) != 0 }
        if byte < 128 { return high & (1 << UInt64(byte - 64)) != 0 }
        return false
    }

    mutating func insert(_ byte: UInt8) {
        if byte < 64 { low |= 1 << UInt64(byte) } else if byte < 128 { high |= 1 << UInt64(byte - 64) }
    }

    mutating func formUnion(_ other: ASCIISet) {
        low |= other.low
        high |= other.high
    }

    /// Every other ASCII byte.
    var inverted: ASCIISet {
        var set = ASCIISet()
        set.low = ~low
        set.high = ~high
        return set
    }

    /// ICU's `\d` on ASCII: \p{Nd}.
    static let digits = ASCIISet(0x30...0x39)
    /// ICU's `\w` on ASCII: letters, digits and `_`.
    static let word: ASCIISet = {
        var set = ASCIISet(0x41...0x5A)
        set.formUnion(ASCIISet(0x61...0x7A))
        set.formUnion(digits)
        set.insert(0x5F)
        return set
    }()
    /// ICU's `\s` on ASCII: \p{White_Space}, that is \t \n \v \f \r and space.
    static let space: ASCIISet = {
        var set = ASCIISet(0x09...0x0D)
        set.insert(0x20)
        return set
    }()
    /// ICU's `.` without DOTALL: anything but a line terminator (\n \v \f \r on ASCII).
    static let dot = ASCIISet(0x0A...0x0D).inverted
}

/// A pattern of SimpleRegex's subset of ICU syntax, parsed.
indirect enum SimpleRegexNode: Equatable, Sendable {
    /// One byte of the set.
    case byte(ASCIISet)
    /// `^`: the start of the input (no MULTILINE).
    case start
    /// `$`: the end of the input, or before a line terminator that ends it (ICU's rule).
    case end
    case sequence([SimpleRegexNode])
    case choice([SimpleRegexNode])
    /// `max` nil is unbounded.
    case repetition(SimpleRegexNode, min: Int, max: Int?)
}

/// Parses the subset of ICU regular-expression syntax that SimpleRegex matches exactly;
/// anything else (or anything ICU would read differently) gives nil.
///
/// The subset: printable ASCII literals; `\` before ASCII punctuation or space; `\n \t \r \f`;
/// `\d \D \w \W \s \S` inside and outside classes; `.`; `[...]` and `[^...]` with ranges
/// between single characters and `-` first or last; `^` and `$`; `( )` and `(?: )` with `|`;
/// quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy `?`, which cannot change whether a
/// match exists). Rejected among others: possessive quantifiers, `(?` forms other than `(?:`,
/// other letter or digit escapes (\b \p \x \1 \Q \v \h ...), POSIX `[:...:]`, nested classes,
/// `&&` and `--` in classes, non-ASCII or control characters in the pattern.
struct SimpleRegexParser {
    private let pattern: [UInt8]
    private var index = 0
    private var depth = 0

    /// Bounds on what a pattern may ask for: larger counts are left to ICU.
    static let maxCount = 1000
    static let maxDepth = 32

    private init(_ pattern: String) { self.pattern = Array(pattern.utf8) }

    static func parse(_ pattern: String) -> SimpleRegexNode? {
        var parser = SimpleRegexParser(pattern)
        guard let node = parser.alternation(), parser.index == parser.pattern.count else { return nil }
        return node
    }

    private var peek: UInt8? { index < pattern.count ? pattern[index] : nil }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < pattern.count ? pattern[index + offset] : nil
    }

    private mutating func alternation() -> SimpleRegexNode? {
        guard let first = sequence() else { return nil }
        var branches = [first]
        while peek == UInt8(ascii: "|") {
            index += 1
            guard let branch = sequence() else { return nil }
            branches.append(branch)
        }
        return branches.count == 1 ? first : .choice(branches)
    }

    private mutating func sequence() -> SimpleRegexNode? {
        var items: [SimpleRegexNode] = []
        while let c = peek, c != UInt8(ascii: "|"), c != UInt8(ascii: ")") {
            guard let atom = atom(), let piece = quantified(atom) else { return nil }
            items.append(piece)
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func atom() -> SimpleRegexNode? {
        guard let c = peek else { return nil }
        index += 1
        switch c {
        case UInt8(ascii: "("):
            if peek == UInt8(ascii: "?") {
                guard peek(1) == UInt8(ascii: ":") else { return nil }
                index += 2
            }
            depth += 1
            guard depth <= Self.maxDepth, let inner = alternation(), peek == UInt8(ascii: ")") else { return nil }
            index += 1
            depth -= 1
            return inner
        case UInt8(ascii: "["): return characterClass()
        case UInt8(ascii: "."): return .byte(.dot)
        case UInt8(ascii: "^"): return .start
        case UInt8(ascii: "$"): return .end
        case UInt8(ascii: "\\"):
            guard let escaped = escape() else { return nil }
            switch escaped {
            case .single(let byte): return .byte(ASCIISet(byte))
            case .set(let set): return .byte(set)
            }
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "]"), UInt8(ascii: ")"):
            return nil
        case 0x20...0x7E: return .byte(ASCIISet(c))
        default: return nil
        }
    }

    private mutating func quantified(_ atom: SimpleRegexNode) -> SimpleRegexNode? {
        let bounds: (min: Int, max: Int?)
        switch peek {
        case UInt8(ascii: "*"): bounds = (0, nil); index += 1
        case UInt8(ascii: "+"): bounds = (1, nil); index += 1
        case UInt8(ascii: "?"): bounds = (0, 1); index += 1
        case UInt8(ascii: "{"):
            index += 1
            guard let interval = interval() else { return nil }
            bounds = interval
        default: return atom
        }
        if atom == .start || atom == .end { return nil }
        // Lazy: the same strings match somewhere, only which match is reported changes.
        if peek == UInt8(ascii: "?") { index += 1 }
        // Possessive, or a quantifier stacked on a quantifier.
        if let c = peek, [UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "{")].contains(c) {
            return nil
        }
        return .repetition(atom, min: bounds.min, max: bounds.max)
    }

    /// `n}`, `n,}` or `n,m}` after `{`.
    private mutating func interval() -> (min: Int, max: Int?)? {
        guard let min = number() else { return nil }
        if peek == UInt8(ascii: "}") {
            index += 1
            return (min, min)
        }
        guard peek == UInt8(ascii: ",") else { return nil }
        index += 1
        if peek == UInt8(ascii: "}") {
            index += 1
            return (min, nil)
        }
        guard let max = number(), peek == UInt8(ascii: "}"), min <= max else { return nil }
        index += 1
        return (min, max)
    }

    private mutating func number() -> Int? {
        var value = 0
        var digits = 0
        while let c = peek, (0x30...0x39).contains(c) {
            value = value * 10 + Int(c - 0x30)
            digits += 1
            index += 1
            if value > Self.maxCount { return nil }
        }
        return digits > 0 ? value : nil
    }

    private enum Escaped {
        case single(UInt8)
        case set(ASCIISet)
    }

    /// The escape after a `\` (the same inside and outside classes within the subset).
    private mutating func escape() -> Escaped? {
        guard let c = peek else { return nil }
        index += 1
        switch c {
        case UInt8(ascii: "d"): return .set(.digits)
        case UInt8(ascii: "D"): return .set(ASCIISet.digits.inverted)
        case UInt8(ascii: "w"): return .set(.word)
        case UInt8(ascii: "W"): return .set(ASCIISet.word.inverted)
        case UInt8(ascii: "s"): return .set(.space)
        case UInt8(ascii: "S"): return .set(ASCIISet.space.inverted)
        case UInt8(ascii: "n"): return .single(0x0A)
        case UInt8(ascii: "t"): return .single(0x09)
        case UInt8(ascii: "r"): return .single(0x0D)
        case UInt8(ascii: "f"): return .single(0x0C)
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return nil
        case 0x20...0x7E: return .single(c)
        default: return nil
        }
    }

    /// After `[`.
    private mutating func characterClass() -> SimpleRegexNode? {
        var negated = false
        if peek == UInt8(ascii: "^") {
            negated = true
            index += 1
        }
        // `[]...]`, `[:...:]` (POSIX) and `[^]` read differently from one engine to another.
        if peek == UInt8(ascii: "]") || peek == UInt8(ascii: ":") { return nil }
        var set = ASCIISet()
        var first = true
        while true {
            guard let c = peek else { return nil }
            if c == UInt8(ascii: "]") {
                index += 1
                break
            }
            defer { first = false }
            if c == UInt8(ascii: "-") {
                // A literal only first or last; anything else is a range or set operator.
                guard first || peek(1) == UInt8(ascii: "]") else { return nil }
                index += 1
                set.insert(c)
                continue
            }
            guard let item = classItem() else { return nil }
            switch item {
            case .set(let members):
                // `[\d-z]` is no range; leave it to ICU.
                if peek == UInt8(ascii: "-"), peek(1) != UInt8(ascii: "]") { return nil }
                set.formUnion(members)
            case .single(let low):
                if peek == UInt8(ascii: "-"), let after = peek(1), after != UInt8(ascii: "]") {
                    index += 1
                    guard after != UInt8(ascii: "-"), case .single(let high)? = classItem(), low <= high else { return nil }
                    set.formUnion(ASCIISet(low...high))
                } else {
                    set.insert(low)
                }
            }
        }
        return .byte(negated ? set.inverted : set)
    }

    private mutating func classItem() -> Escaped? {
        guard let c = peek else { return nil }
        switch c {
        case UInt8(ascii: "\\"):
            index += 1
            return escape()
        // Nested classes and set operators (`[[a]]`, `&&`).
        case UInt8(ascii: "["), UInt8(ascii: "&"), UInt8(ascii: "]"): return nil
        case 0x20...0x7E:
            index += 1
            return .single(c)
        default: return nil
        }
    }
}
