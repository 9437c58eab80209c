import Crypto
import Foundation
import TextEncoding

/// Evaluates intrinsic calls against a state's input and the context object.
enum IntrinsicEvaluator {
    static func evaluate(_ call: IntrinsicCall, input: JSONValue, scope: PathScope) throws -> JSONValue {
        var args: [JSONValue] = []
        args.reserveCapacity(call.arguments.count)
        for argument in call.arguments {
            switch argument {
            case .literal(let v): args.append(v)
            case .path(let p):
                guard let v = p.select(input, scope) else {
                    throw StatesError.runtime("The JsonPath argument '\(p.text)' of \(call.function.rawValue) could not be found in the input")
                }
                args.append(v)
            case .call(let inner): args.append(try evaluate(inner, input: input, scope: scope))
            case .invalidLiteral(let reason): throw fail(call.function, reason)
            }
        }
        var templateIsLiteral = false
        if case .literal? = call.arguments.first { templateIsLiteral = true }
        return try apply(call.function, args, templateIsLiteral: templateIsLiteral)
    }

    private static func fail(_ function: IntrinsicFunction, _ message: String) -> StatesError {
        .intrinsic("Invalid arguments in \(function.rawValue): \(message)")
    }

    private static func string(_ v: JSONValue, _ f: IntrinsicFunction, _ name: String) throws -> String {
        guard case .string(let s) = v else { throw fail(f, "\(name) must be a string, got \(v.typeName)") }
        return s
    }

    private static func array(_ v: JSONValue, _ f: IntrinsicFunction, _ name: String) throws -> [JSONValue] {
        guard case .array(let a) = v else { throw fail(f, "\(name) must be an array, got \(v.typeName)") }
        return a
    }

    private static func integer(_ v: JSONValue, _ f: IntrinsicFunction, _ name: String) throws -> Int {
        guard case .number(let n) = v, let i = n.intValue else { throw fail(f, "\(name) must be an integer, got \(v.serialized())") }
        return i
    }

    /// A number rounded to the nearest integer the way the service (Java's `Math.round`) does:
    /// halves round up, towards positive infinity (2.5 → 3, -2.5 → -2).
    private static func roundedInteger(_ v: JSONValue, _ f: IntrinsicFunction, _ name: String) throws -> Int {
        guard case .number(let n) = v else { throw fail(f, "\(name) must be a number, got \(v.typeName)") }
        if case .integer(let i) = n { return i }
        let rounded = (n.doubleValue + 0.5).rounded(.down)
        guard rounded.isFinite, abs(rounded) < 9.2e18 else { throw fail(f, "\(name) \(v.serialized()) is out of range") }
        return Int(rounded)
    }

    static func apply(_ f: IntrinsicFunction, _ args: [JSONValue], templateIsLiteral: Bool = false) throws -> JSONValue {
        switch f {
        case .format:
            let template = try string(args[0], f, "the template")
            return .string(try format(template, Array(args.dropFirst()), f, escapes: templateIsLiteral))
        case .stringToJson:
            let s = try string(args[0], f, "the argument")
            // The service's JSON reader returns null for empty (or blank) text instead of failing.
            if s.allSatisfy(\.isWhitespace) { return .null }
            do { return try JSONValue(parsing: s) } catch { throw fail(f, "'\(s)' is not valid JSON") }
        case .jsonToString:
            return .string(args[0].serialized())
        case .array:
            return .array(args)
        case .arrayPartition:
            let a = try array(args[0], f, "the first argument")
            let size = try integer(args[1], f, "the chunk size")
            guard size > 0 else { throw fail(f, "the chunk size must be greater than 0") }
            var chunks: [JSONValue] = []
            var start = 0
            while start < a.count {
                chunks.append(.array(Array(a[start..<min(start + size, a.count)])))
                start += size
            }
            return .array(chunks)
        case .arrayContains:
            let a = try array(args[0], f, "the first argument")
            return .bool(a.contains(args[1]))
        case .arrayRange:
            let start = try integer(args[0], f, "start")
            let end = try integer(args[1], f, "end")
            let step = try integer(args[2], f, "step")
            guard step != 0 else { throw fail(f, "step must not be 0") }
            // Count before building, so a range like (0, 10^18, 1) fails at once instead of filling memory.
            let count: Int
            if (step > 0 && start > end) || (step < 0 && start < end) {
                count = 0
            } else {
                let span = end.subtractingReportingOverflow(start)
                let quotient = span.partialValue.dividedReportingOverflow(by: step)
                count = span.overflow || quotient.overflow || quotient.partialValue >= 1000 ? Int.max : quotient.partialValue + 1
            }
            guard count <= 1000 else { throw fail(f, "the range would have more than 1000 elements") }
            return .array(stride(from: start, through: end, by: step).map { .number(.integer($0)) })
        case .arrayGetItem:
            let a = try array(args[0], f, "the first argument")
            let index = try integer(args[1], f, "the index")
            guard index >= 0, index < a.count else { throw fail(f, "index \(index) is out of bounds for an array of \(a.count)") }
            return a[index]
        case .arrayLength:
            return .number(.integer(try array(args[0], f, "the argument").count))
        case .arrayUnique:
            var seen = Set<JSONValue>()
            var out: [JSONValue] = []
            for v in try array(args[0], f, "the argument") where seen.insert(v).inserted { out.append(v) }
            return .array(out)
        case .base64Encode:
            let s = try string(args[0], f, "the argument")
            guard s.count <= 10_000 else { throw fail(f, "the input exceeds 10000 characters") }
            return .string(Data(s.utf8).base64EncodedString())
        case .base64Decode:
            let s = try string(args[0], f, "the argument")
            guard s.count <= 10_000 else { throw fail(f, "the input exceeds 10000 characters") }
            guard let data = Data(base64Encoded: s), let decoded = String(data: data, encoding: .utf8) else {
                throw fail(f, "'\(s)' is not valid base64-encoded UTF-8")
            }
            return .string(decoded)
        case .hash:
            // The guide asks for string input ("an object string containing 10,000 characters or
            // less"); other JSON values are rejected rather than hashed in some serialized form.
            let data = try string(args[0], f, "the data")
            guard data.count <= 10_000 else { throw fail(f, "the input exceeds 10000 characters") }
            let algorithm = try string(args[1], f, "the algorithm")
            let bytes = Data(data.utf8)
            let digest: [UInt8]
            switch algorithm {
            case "MD5": digest = Array(Insecure.MD5.hash(data: bytes))
            case "SHA-1": digest = Array(Insecure.SHA1.hash(data: bytes))
            case "SHA-256": digest = Array(SHA256.hash(data: bytes))
            case "SHA-384": digest = Array(SHA384.hash(data: bytes))
            case "SHA-512": digest = Array(SHA512.hash(data: bytes))
            default: throw fail(f, "unknown algorithm '\(algorithm)' (MD5, SHA-1, SHA-256, SHA-384 or SHA-512)")
            }
            return .string(digest.hexString)
        case .jsonMerge:
            guard case .object(let a) = args[0] else { throw fail(f, "the first argument must be an object") }
            guard case .object(let b) = args[1] else { throw fail(f, "the second argument must be an object") }
            guard case .bool(let deep) = args[2] else { throw fail(f, "the third argument must be a boolean") }
            // Step Functions only supports the shallow mode; `true` is an error, not a deep merge.
            guard !deep else { throw fail(f, "only shallow merging is supported, the third argument must be false") }
            return .object(shallowMerge(a, b))
        case .mathRandom:
            // A non-integer start or end is rounded to the nearest integer, as the service documents.
            let start = try roundedInteger(args[0], f, "start")
            let end = try roundedInteger(args[1], f, "end")
            guard start <= end else { throw fail(f, "start must not exceed end") }
            if args.count == 3 {
                let seed = try integer(args[2], f, "the seed")
                var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)))
                return .number(.integer(Int.random(in: start...end, using: &generator)))
            }
            return .number(.integer(Int.random(in: start...end)))
        case .mathAdd:
            // Non-integer operands are rounded to the nearest integer, as the service documents.
            let a = try roundedInteger(args[0], f, "the first argument")
            let b = try roundedInteger(args[1], f, "the second argument")
            let (sum, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw fail(f, "the sum overflows") }
            return .number(.integer(sum))
        case .stringSplit:
            let s = try string(args[0], f, "the string")
            let delimiters = Set(try string(args[1], f, "the delimiter"))
            return .array(s.split(whereSeparator: { delimiters.contains($0) }).map { .string(String($0)) })
        case .uuid:
            return .string(UUID().uuidString.lowercased())
        }
    }

    private static func shallowMerge(_ a: JSONObject, _ b: JSONObject) -> JSONObject {
        var out = a
        for (k, v) in b { out[k] = v }
        return out
    }

    /// `{}` placeholders take the arguments in order; `\{` and `\}` are literal braces.
    private static func format(_ template: String, _ values: [JSONValue], _ f: IntrinsicFunction, escapes: Bool) throws -> String {
        var out = ""
        var next = 0
        var chars = template.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if escapes, c == "\\" {
                if let e = chars.next() { out.append(e) }
                continue
            }
            if c == "{" {
                guard let close = chars.next(), close == "}" else { throw fail(f, "'{' must be followed by '}' in the template") }
                guard next < values.count else { throw fail(f, "the template has more placeholders than arguments") }
                out += formatArgument(values[next])
                next += 1
                continue
            }
            out.append(c)
        }
        guard next == values.count else { throw fail(f, "the template has \(next) placeholder(s) but \(values.count) argument(s) were given") }
        return out
    }

    /// Strings verbatim, other values like the Java service prints them.
    private static func formatArgument(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .array(let a): return "[" + a.map(formatArgument).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.map { "\($0.key)=\(formatArgument($0.value))" }.joined(separator: ", ") + "}"
        default: return v.serialized()
        }
    }
}

/// SplitMix64: a deterministic generator for `States.MathRandom` with a seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
