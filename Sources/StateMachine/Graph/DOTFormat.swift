import Foundation

/// Graphviz DOT text of a state graph: states as nodes shaped by type, Parallel branches and
/// Map processors as nested clusters, Catch edges dashed; with run marks, each state is filled
/// and bordered by its status and labelled with it (so colour is never the only cue).
public enum DOTFormat {
    public static func render(_ graph: StateGraph, title: String? = nil, marks: [String: StateRunMark]? = nil) -> String {
        var out = "digraph \"\(escape(title ?? "state machine"))\" {\n"
        out += "  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, nodesep=0.4, ranksep=0.5"
        if let title { out += ", label=\"\(escape(title))\", labelloc=t" }
        out += "];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=11, style=filled, fillcolor=\"#ffffff\", color=\"#445566\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=10, color=\"#445566\"];\n"
        writeGroup(nil, graph: graph, marks: marks, indent: "  ", into: &out)
        for edge in graph.edges {
            var attributes: [String] = []
            if let label = edge.label { attributes.append("label=\"\(escape(label))\"") }
            switch edge.kind {
            case .next: break
            case .caught: attributes += ["style=dashed", "color=\"#b03a2e\"", "fontcolor=\"#b03a2e\""]
            case .contains: attributes += ["style=dotted", "arrowhead=none"]
            }
            out += "  \"\(escape(edge.from))\" -> \"\(escape(edge.to))\""
            out += attributes.isEmpty ? ";\n" : " [\(attributes.joined(separator: ", "))];\n"
        }
        if marks != nil { out += legend() }
        out += "}\n"
        return out
    }

    private static func writeGroup(_ group: String?, graph: StateGraph, marks: [String: StateRunMark]?, indent: String,
                                   into out: inout String) {
        for node in graph.nodes where node.group == group {
            out += indent + "\"\(escape(node.id))\" [\(attributes(node, mark: marks?[node.id]).joined(separator: ", "))];\n"
        }
        for (index, child) in graph.groups.enumerated() where child.parent == group {
            out += indent + "subgraph \"cluster_\(index)\" {\n"
            out += indent + "  label=\"\(escape(child.label))\"; style=\"rounded,dashed\"; color=\"#8899aa\"; fontsize=10;\n"
            writeGroup(child.id, graph: graph, marks: marks, indent: indent + "  ", into: &out)
            out += indent + "}\n"
        }
    }

    private static func attributes(_ node: StateGraph.Node, mark: StateRunMark?) -> [String] {
        var lines = [node.label]
        if let detail = node.detail, !detail.isEmpty { lines.append(detail) }
        if node.kind != .start && node.kind != .end, let mark { lines.append(mark.text) }
        var attributes = ["label=\"\(lines.map(escape).joined(separator: "\\n"))\"", "shape=\(shape(node.kind))"]
        switch node.kind {
        case .start, .end:
            attributes += ["fillcolor=\"#445566\"", "fontcolor=\"#ffffff\"", "width=0.3"]
        case .parallel, .map:
            attributes.append("style=\"filled,bold\"")
        default:
            if node.kind == .task { attributes.append("style=\"filled,rounded\"") }
        }
        if let mark, node.kind != .start, node.kind != .end {
            // The SVG keeps the class, so pages and tests can find a state's outcome by selector.
            attributes += style(mark.status, kind: node.kind) + ["class=\"\(mark.status.cssClass)\""]
        }
        return attributes
    }

    /// Fill, border and line style per status: green solid, red bold, grey dashed, white dotted.
    private static func style(_ status: StateRunMark.Status, kind: StateGraph.NodeKind) -> [String] {
        let rounded = kind == .task ? "rounded," : ""
        switch status {
        case .succeeded: return ["fillcolor=\"#d4edda\"", "color=\"#1e7b34\"", "style=\"filled,\(rounded)solid\""]
        case .failed: return ["fillcolor=\"#f8d7da\"", "color=\"#b03a2e\"", "penwidth=2.5", "style=\"filled,\(rounded)bold\""]
        case .skipped: return ["fillcolor=\"#eeeeee\"", "color=\"#888888\"", "fontcolor=\"#555555\"", "style=\"filled,\(rounded)dashed\""]
        case .notReached: return ["fillcolor=\"#ffffff\"", "color=\"#aaaaaa\"", "fontcolor=\"#777777\"", "style=\"filled,\(rounded)dotted\""]
        }
    }

    static func shape(_ kind: StateGraph.NodeKind) -> String {
        switch kind {
        case .start, .end: return "circle"
        case .choice: return "diamond"
        case .succeed: return "doubleoctagon"
        case .fail: return "octagon"
        case .wait: return "hexagon"
        case .parallel, .map: return "box3d"
        case .pass, .task: return "box"
        }
    }

    private static func legend() -> String {
        var out = "  subgraph cluster_legend {\n    label=\"legend\"; style=\"rounded\"; color=\"#bbbbbb\"; fontsize=10;\n"
        for status in [StateRunMark.Status.succeeded, .failed, .skipped, .notReached] {
            let id = "__legend_\(status.rawValue.replacingOccurrences(of: " ", with: "_"))"
            out += "    \"\(id)\" [label=\"\(status.symbol) \(status.rawValue)\", shape=box, "
                + style(status, kind: .pass).joined(separator: ", ") + "];\n"
        }
        out += "  }\n"
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
