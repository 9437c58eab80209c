/// A byte-level matcher for a subset of ICU regular expressions (see `SimpleRegexParser`)
/// that answers as `NSRegularExpression.firstMatch(in:range:) != nil` does with default
/// options: is there a match anywhere in the value?
///
/// The pattern becomes a Thompson NFA whose byte-consuming states (at most 63) are bits of a
/// `UInt64`, bit 63 standing for "matched"; the input is read once, every state advanced in
/// step (no backtracking), a new thread starting at every position. `^` and `$` are
/// assertions whose truth depends only on the position, so the ε-closures are precomputed
/// for the four combinations (at the start or not, where `$` holds or not).
struct SimpleRegex: Sendable {
    /// Per byte (0...127): the consuming states whose class holds it.
    private let statesByByte: [UInt64]
    /// `follow[context * stateCount + state]`: where a state goes after consuming its byte,
    /// ε-closed in the context of the next position.
    private let follow: [UInt64]
    /// The pattern's entry, ε-closed, per context.
    private let entry: [UInt64]
    private let stateCount: Int

    static let matchedBit: UInt64 = 1 << 63
    /// Consuming states a pattern may have; bit 63 is `matchedBit`.
    static let maxStates = 63
    /// NFA nodes of all kinds a pattern may have (bounds repetitions of empty groups).
    static let maxNodes = 4096

    /// Nil when the pattern is outside the subset, or too large for the matcher.
    static func compile(_ pattern: String) -> SimpleRegex? {
        guard let tree = SimpleRegexParser.parse(pattern) else { return nil }
        var nfa = NFA()
        guard let start = nfa.add(tree, next: nfa.accept()) else { return nil }
        return SimpleRegex(nfa: nfa, start: start)
    }

    private init(nfa: NFA, start: Int) {
        let consumers = nfa.nodes.indices.filter { if case .byte = nfa.nodes[$0] { true } else { false } }
        var bitOf = [Int](repeating: -1, count: nfa.nodes.count)
        for (bit, node) in consumers.enumerated() { bitOf[node] = bit }
        stateCount = consumers.count
        var statesByByte = [UInt64](repeating: 0, count: 128)
        var follow = [UInt64](repeating: 0, count: 4 * consumers.count)
        var entry = [UInt64](repeating: 0, count: 4)
        for context in 0..<4 {
            entry[context] = nfa.closure(of: start, context: context, bitOf: bitOf)
        }
        for (bit, node) in consumers.enumerated() {
            guard case .byte(let set, let next) = nfa.nodes[node] else { continue }
            for byte in UInt8(0)..<128 where set.contains(byte) { statesByByte[Int(byte)] |= 1 << UInt64(bit) }
            for context in 0..<4 {
                follow[context * consumers.count + bit] = nfa.closure(of: next, context: context, bitOf: bitOf)
            }
        }
        self.statesByByte = statesByByte
        self.follow = follow
        self.entry = entry
    }

    /// Whether the pattern matches somewhere in `bytes`; nil when they hold a non-ASCII byte
    /// (ICU reads those as Unicode: leave them to NSRegularExpression).
    func matches(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        guard Self.isASCII(bytes) else { return nil }
        let n = bytes.count
        let matched = Self.matchedBit
        let stateCount = stateCount
        return statesByByte.withUnsafeBufferPointer { statesByByte in
            follow.withUnsafeBufferPointer { follow in
                entry.withUnsafeBufferPointer { entry in
                    // Once no thread is alive, only a thread started later can match.
                    let canRestart = entry[0] != 0 || entry[2] != 0
                    var current = entry[Self.context(at: 0, in: bytes)]
                    if current & matched != 0 { return true }
                    for position in 0..<n {
                        let context = position + 1 >= n - 2 ? Self.context(at: position + 1, in: bytes) : 0
                        var live = current & statesByByte[Int(bytes[position])]
                        var next = entry[context]
                        let row = context * stateCount
                        while live != 0 {
                            next |= follow[row + live.trailingZeroBitCount]
                            live &= live - 1
                        }
                        if next & matched != 0 { return true }
                        if next == 0 && !canRestart { return false }
                        current = next
                    }
                    return false
                }
            }
        }
    }

    /// Bit 0: at the start of the input (`^`). Bit 1: `$` holds, which in ICU (no MULTILINE)
    /// is at the end, before a final line terminator (\n \v \f \r on ASCII) unless that is the
    /// \n of a final \r\n, and before a final \r\n.
    private static func context(at position: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        let n = bytes.count
        var dollar = false
        if position == n {
            dollar = true
        } else if position == n - 1 {
            let c = bytes[position]
            dollar = (0x0A...0x0D).contains(c) && !(c == 0x0A && position > 0 && bytes[position - 1] == 0x0D)
        } else if position == n - 2 {
            dollar = bytes[position] == 0x0D && bytes[position + 1] == 0x0A
        }
        return (position == 0 ? 1 : 0) | (dollar ? 2 : 0)
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        var index = 0
        var bits: UInt64 = 0
        while index + 8 <= n {
            bits |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < n {
            bits |= UInt64(bytes[index])
            index += 1
        }
        return bits & 0x8080_8080_8080_8080 == 0
    }
}

/// The Thompson NFA SimpleRegex is built from.
private struct NFA {
    enum Node {
        case byte(ASCIISet, next: Int)
        case split([Int])
        case start(next: Int)
        case end(next: Int)
        case accept
    }

    var nodes: [Node] = []
    private var consumers = 0
    /// Calls to `add`: bounds repetitions of groups that add no node, like `((){999}){999}`.
    private var steps = 0

    mutating func accept() -> Int { append(.accept) ?? 0 }

    private mutating func append(_ node: Node) -> Int? {
        if case .byte = node { consumers += 1 }
        guard consumers <= SimpleRegex.maxStates, nodes.count < SimpleRegex.maxNodes else { return nil }
        nodes.append(node)
        return nodes.count - 1
    }

    /// Adds `tree` followed by node `next`; returns its entry, or nil when too large.
    mutating func add(_ tree: SimpleRegexNode, next: Int) -> Int? {
        steps += 1
        guard steps <= SimpleRegex.maxNodes else { return nil }
        switch tree {
        case .byte(let set): return append(.byte(set, next: next))
        case .start: return append(.start(next: next))
        case .end: return append(.end(next: next))
        case .sequence(let items):
            var entry = next
            for item in items.reversed() {
                guard let added = add(item, next: entry) else { return nil }
                entry = added
            }
            return entry
        case .choice(let branches):
            var entries: [Int] = []
            for branch in branches {
                guard let added = add(branch, next: next) else { return nil }
                entries.append(added)
            }
            return append(.split(entries))
        case .repetition(let body, let min, let max):
            var entry = next
            if let max {
                // (body (body ...)?)?: each optional copy may stop and go on to `next`.
                for _ in 0..<(max - min) {
                    guard let copy = add(body, next: entry), let split = append(.split([copy, next])) else { return nil }
                    entry = split
                }
            } else {
                // A loop: the split is patched once the body that returns to it exists.
                guard let loop = append(.split([])), let copy = add(body, next: loop) else { return nil }
                nodes[loop] = .split([copy, next])
                entry = loop
            }
            for _ in 0..<min {
                guard let copy = add(body, next: entry) else { return nil }
                entry = copy
            }
            return entry
        }
    }

    /// The consuming states (as bits, `bitOf` per node) and `matchedBit` reachable from `node`
    /// without consuming, where `context` tells which assertions hold (see `SimpleRegex`).
    func closure(of node: Int, context: Int, bitOf: [Int]) -> UInt64 {
        var seen = [Bool](repeating: false, count: nodes.count)
        var stack = [node]
        var result: UInt64 = 0
        while let id = stack.popLast() {
            if seen[id] { continue }
            seen[id] = true
            switch nodes[id] {
            case .byte: result |= 1 << UInt64(bitOf[id])
            case .accept: result |= SimpleRegex.matchedBit
            case .split(let targets): stack.append(contentsOf: targets)
            case .start(let next): if context & 1 != 0 { stack.append(next) }
            case .end(let next): if context & 2 != 0 { stack.append(next) }
            }
        }
        return result
    }
}
