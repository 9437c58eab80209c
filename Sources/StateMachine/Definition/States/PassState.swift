/// Pass: copies its input, or `Result`, to its output.
extension DefinitionParser {
    mutating func parsePass(_ o: JSONObject, into s: inout State) {
        s.result = o["Result"]
    }
}
