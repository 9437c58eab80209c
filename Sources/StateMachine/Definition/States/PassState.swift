/// Pass: copies its input, or `Result`, to its output.
extension DefinitionParser {
    mutating func parsePass(_ o: JSONObject, into s: State) {
        s.result = o["Result"]
    }
}
