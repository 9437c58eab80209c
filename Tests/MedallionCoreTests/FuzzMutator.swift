import TestSupport

/// Deterministic mutations of valid inputs for the reader fuzz tests: a fixed seed gives the
/// same inputs on every run, so a failure can be replayed.
struct FuzzMutator {
    private var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        Int(random.next() % UInt64(max(bound, 1)))
    }

    mutating func pick<T>(_ choices: [T]) -> T { choices[next(choices.count)] }

    /// `input` with one to four mutations: byte flips, insertions of `specials` or random bytes,
    /// deletions, truncation, a repeated slice, or a run of one special (quotes, braces).
    mutating func mutate(_ input: [UInt8], specials: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + next(4)) {
            let at = next(bytes.count + 1)
            switch next(8) {
            case 0 where !bytes.isEmpty:  // flip one bit
                let index = min(at, bytes.count - 1)
                bytes[index] ^= UInt8(1 << next(8))
            case 1 where !bytes.isEmpty:  // any byte, invalid UTF-8 included
                bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: next(256))
            case 2:
                bytes.insert(contentsOf: pick(specials), at: at)
            case 3 where !bytes.isEmpty:  // delete a short range
                let end = min(bytes.count, at + 1 + next(4))
                bytes.removeSubrange(min(at, bytes.count - 1)..<end)
            case 4:  // truncate
                bytes.removeSubrange(at...)
            case 5 where !bytes.isEmpty:  // repeat a slice
                let start = min(at, bytes.count - 1)
                let slice = bytes[start..<min(bytes.count, start + 1 + next(16))]
                bytes.insert(contentsOf: slice, at: start)
            case 6:  // a run of one special: quote or brace injection
                let special = pick(specials)
                bytes.insert(contentsOf: Array([[UInt8]](repeating: special, count: 1 + next(6)).joined()), at: at)
            default:  // insert any byte (also where the cases above need a byte that is not there)
                bytes.insert(UInt8(truncatingIfNeeded: next(256)), at: at)
            }
        }
        return bytes
    }
}
