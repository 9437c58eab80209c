/// What each intrinsic function's arguments must be, so a literal that can never work is a
/// definition problem (as AWS's validator reports it) instead of a run-time failure. Paths and
/// nested calls are checked when they are evaluated.
enum IntrinsicSignature {
    /// The JSON kinds an argument accepts.
    enum Kind: String {
        case string, number, integer, boolean, array, object, any

        func accepts(_ literal: JSONValue) -> Bool {
            switch (self, literal) {
            case (.any, _): return true
            case (.string, .string), (.boolean, .bool), (.number, .number): return true
            case (.integer, .number(let n)): return n.intValue != nil
            // The grammar has no array or object literals: only a path or a call can supply one.
            default: return false
            }
        }
    }

    /// The kind of the argument at `position` (0-based).
    static func kind(_ function: IntrinsicFunction, position: Int) -> Kind {
        switch function {
        case .format: return position == 0 ? .string : .any
        case .stringToJson, .base64Encode, .base64Decode: return .string
        case .jsonToString, .array, .uuid: return .any
        case .arrayPartition, .arrayGetItem: return position == 0 ? .array : .integer
        case .arrayContains: return position == 0 ? .array : .any
        case .arrayRange: return .integer
        case .arrayLength, .arrayUnique: return .array
        case .hash, .stringSplit: return .string
        case .jsonMerge: return position < 2 ? .object : .boolean
        case .mathRandom: return position < 2 ? .number : .integer
        case .mathAdd: return .number
        }
    }

    /// One message per literal argument, in this call or a nested one, whose type the
    /// function's signature forbids.
    static func literalMismatches(in call: IntrinsicCall) -> [String] {
        var messages: [String] = []
        for (position, argument) in call.arguments.enumerated() {
            switch argument {
            case .literal(let value):
                let expected = kind(call.function, position: position)
                if !expected.accepts(value) {
                    let article = expected == .array || expected == .object || expected == .integer ? "an" : "a"
                    messages.append("\(call.function.rawValue): argument \(position + 1) must be \(article) \(expected.rawValue), "
                                    + "the literal \(value.serialized()) is a \(value.typeName)")
                }
            case .call(let inner):
                messages += literalMismatches(in: inner)
            case .path, .invalidLiteral:
                break
            }
        }
        return messages
    }
}
