/// InputPath, ResultPath and OutputPath processing.
enum InputOutput {
    static func inputPath(_ path: OptionalPath, _ input: JSONValue, scope: PathScope) throws -> JSONValue {
        switch path {
        case .absent: return input
        case .null: return .object(JSONObject())
        case .path(let p):
            guard let v = p.select(input, scope) else {
                throw StatesError.runtime("Invalid path '\(p.text)' : No results for path: \(p.text) in the input '\(truncated(input))'")
            }
            return v
        }
    }

    static func outputPath(_ path: OptionalPath, _ output: JSONValue, scope: PathScope) throws -> JSONValue {
        switch path {
        case .absent: return output
        case .null: return .object(JSONObject())
        case .path(let p):
            guard let v = p.select(output, scope) else {
                throw StatesError.runtime("Invalid path '\(p.text)' : No results for path: \(p.text) in the output '\(truncated(output))'")
            }
            return v
        }
    }

    static func resultPath(_ path: OptionalPath, rawInput: JSONValue, result: JSONValue) throws -> JSONValue {
        switch path {
        case .absent: return result
        case .null: return rawInput
        case .path(let p):
            do { return try p.setting(result, in: rawInput) } catch let e as JSONPathSetError {
                throw StatesError.resultPath("Unable to apply ResultPath '\(p.text)' to input '\(truncated(rawInput))': \(e.reason)")
            }
        }
    }
}
