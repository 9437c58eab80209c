/// Mermaid flowchart text of a state graph (renders in GitHub and GitLab Markdown):
/// Parallel branches and Map processors as subgraphs, Catch edges dotted, run status in the
/// node label and as a class.
public enum MermaidFormat {
    public static func render(_ graph: StateGraph, marks: [String: StateRunMark]? = nil) -> String {
        // Mermaid ids must be plain words; state names are arbitrary text.
        var ids: [String: String] = [:]
        for (index, node) in graph.nodes.enumerated() { ids[node.id] = "n\(index)" }
        var out = "flowchart TD\n"
        writeGroup(nil, graph: graph, ids: ids, marks: marks, indent: "  ", into: &out)
        for edge in graph.edges {
            guard let from = ids[edge.from], let to = ids[edge.to] else { continue }
            let label = edge.label.map { "|\"\(escape($0))\"|" } ?? ""
            switch edge.kind {
            case .next: out += "  \(from) -->\(label) \(to)\n"
            case .caught: out += "  \(from) -.->\(label) \(to)\n"
            case .contains: out += "  \(from) --- \(to)\n"
            }
        }
        if let marks {
            out += "  classDef succeeded fill:#d4edda,stroke:#1e7b34,stroke-width:1px\n"
            out += "  classDef failed fill:#f8d7da,stroke:#b03a2e,stroke-width:3px\n"
            out += "  classDef skipped fill:#eeeeee,stroke:#888888,stroke-dasharray:5 3,color:#555555\n"
            out += "  classDef notReached fill:#ffffff,stroke:#aaaaaa,stroke-dasharray:2 2,color:#777777\n"
            for node in graph.nodes {
                guard let id = ids[node.id], let mark = marks[node.id] else { continue }
                let className = mark.status == .notReached ? "notReached" : mark.status.rawValue
                out += "  class \(id) \(className)\n"
            }
        }
        return out
    }

    private static func writeGroup(_ group: String?, graph: StateGraph, ids: [String: String], marks: [String: StateRunMark]?,
                                   indent: String, into out: inout String) {
        for node in graph.nodes where node.group == group {
            guard let id = ids[node.id] else { continue }
            var lines = [node.label]
            if let detail = node.detail, !detail.isEmpty { lines.append(detail) }
            if let mark = marks?[node.id] { lines.append(mark.text) }
            let text = "\"" + lines.map(escape).joined(separator: "<br/>") + "\""
            switch node.kind {
            case .start, .end: out += indent + "\(id)((\(text)))\n"
            case .choice: out += indent + "\(id){\(text)}\n"
            case .succeed, .fail: out += indent + "\(id)([\(text)])\n"
            case .wait: out += indent + "\(id){{\(text)}}\n"
            case .parallel, .map: out += indent + "\(id)[[\(text)]]\n"
            case .pass, .task: out += indent + "\(id)[\(text)]\n"
            }
        }
        for (index, child) in graph.groups.enumerated() where child.parent == group {
            out += indent + "subgraph g\(index)[\"\(escape(child.label))\"]\n"
            writeGroup(child.id, graph: graph, ids: ids, marks: marks, indent: indent + "  ", into: &out)
            out += indent + "end\n"
        }
    }

    /// Mermaid labels in double quotes take `#quot;` for a quote; `<` and `>` as entities.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "<", with: "#lt;")
            .replacingOccurrences(of: ">", with: "#gt;")
    }
}
