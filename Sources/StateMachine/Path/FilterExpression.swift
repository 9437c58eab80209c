/// A JSONPath filter (`[?(@.price < 10 && @.tag == 'x')]`), evaluated against each candidate.
indirect enum FilterExpression: Sendable, Hashable {
    case exists(FilterOperand)
    case compare(FilterOperand, Operator, FilterOperand)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)

    enum Operator: String, Sendable, Hashable { case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=" }

    func matches(_ candidate: JSONValue) -> Bool {
        switch self {
        case .exists(let operand):
            guard let v = operand.resolve(candidate) else { return false }
            if case .bool(let b) = v { return b }
            return true
        case .compare(let l, let op, let r):
            guard let a = l.resolve(candidate), let b = r.resolve(candidate) else { return op == .ne }
            switch op {
            case .eq: return a == b
            case .ne: return a != b
            default:
                let c: Int
                switch (a, b) {
                case (.number(let x), .number(let y)): c = x.compare(y)
                case (.string(let x), .string(let y)):
                    // Jayway (Java) orders strings by UTF-16 code unit, not by Swift's canonical ordering.
                    c = x.utf16.elementsEqual(y.utf16) ? 0 : (x.utf16.lexicographicallyPrecedes(y.utf16) ? -1 : 1)
                default: return false
                }
                switch op {
                case .lt: return c < 0
                case .le: return c <= 0
                case .gt: return c > 0
                case .ge: return c >= 0
                default: return false
                }
            }
        case .and(let a, let b): return a.matches(candidate) && b.matches(candidate)
        case .or(let a, let b): return a.matches(candidate) || b.matches(candidate)
        case .not(let a): return !a.matches(candidate)
        }
    }
}

/// One side of a filter comparison: a literal or a path relative to the candidate (`@`).
enum FilterOperand: Sendable, Hashable {
    case literal(JSONValue)
    case current([JSONPath.Segment])

    func resolve(_ candidate: JSONValue) -> JSONValue? {
        switch self {
        case .literal(let v): return v
        case .current(let segments):
            var current = candidate
            for segment in segments {
                switch segment {
                case .member(let key):
                    guard case .object(let o) = current, let next = o[key] else { return nil }
                    current = next
                case .index(let i):
                    guard case .array(let a) = current else { return nil }
                    let j = i < 0 ? a.count + i : i
                    guard j >= 0, j < a.count else { return nil }
                    current = a[j]
                default: return nil
                }
            }
            return current
        }
    }
}
