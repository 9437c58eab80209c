/// Parallel: runs every branch on the same input; the output is the array of their outputs.
extension DefinitionParser {
    mutating func parseParallel(_ o: JSONObject, path: String, into s: State) {
        guard case .array(let branches)? = o["Branches"], !branches.isEmpty else {
            add(path, "Branches", "a Parallel state needs a non-empty Branches array")
            return
        }
        for (i, branch) in branches.enumerated() {
            s.branches.append(machine(branch, prefix: "\(path).Branches[\(i)]", topLevel: false))
        }
    }
}
