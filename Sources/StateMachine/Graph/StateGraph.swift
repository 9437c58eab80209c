/// A state machine as a graph for drawing: one node per state (nested in the groups of the
/// Parallel and Map states that hold them), one edge per transition, with Choice edges
/// labelled by their rules and Catch edges marked. Built from a parsed definition, so what
/// is drawn is what runs.
public struct StateGraph: Sendable {
    /// What a node stands for.
    public enum NodeKind: String, Sendable {
        case start, end
        case pass = "Pass", task = "Task", choice = "Choice", wait = "Wait", succeed = "Succeed"
        case fail = "Fail", parallel = "Parallel", map = "Map"
    }

    public struct Node: Sendable {
        /// Unique across the graph: state names are unique in a valid machine, the start and
        /// end nodes of nested machines get their group's id as a prefix.
        public let id: String
        /// The state's name (or "Start"/"End").
        public let label: String
        public let kind: NodeKind
        /// The group (Parallel branch or Map processor) the node is drawn in; nil at the top.
        public let group: String?
        /// Task resource, Wait duration and the like, for a second label line.
        public let detail: String?
    }

    public enum EdgeKind: String, Sendable {
        /// Next, End, a Choice rule or Default.
        case next
        /// A Catch transition (drawn dashed).
        case caught
        /// From a Parallel or Map state into its branches or processor.
        case contains
    }

    public struct Edge: Sendable {
        public let from: String
        public let to: String
        public let kind: EdgeKind
        public let label: String?
    }

    /// A Parallel branch or a Map processor: drawn as a box around its states.
    public struct Group: Sendable {
        public let id: String
        public let label: String
        /// The enclosing group, nil at the top.
        public let parent: String?
    }

    public private(set) var nodes: [Node] = []
    public private(set) var edges: [Edge] = []
    public private(set) var groups: [Group] = []

    public init(_ definition: StateMachineDefinition) {
        add(definition, group: nil, entry: nil)
    }

    /// Adds a (sub-)machine's states. `entry` is the Parallel or Map node that starts it (the
    /// top machine has a Start node instead).
    private mutating func add(_ machine: StateMachineDefinition, group: String?, entry: String?) {
        let prefix = group.map { "\($0)/" } ?? ""
        let end = "\(prefix)__end"
        if let entry {
            edges.append(Edge(from: entry, to: machine.startAt, kind: .contains, label: nil))
        } else {
            nodes.append(Node(id: "__start", label: "Start", kind: .start, group: nil, detail: nil))
            edges.append(Edge(from: "__start", to: machine.startAt, kind: .next, label: nil))
        }
        var needsEnd = false
        // Definition order is not kept by the parsed model; sort for a stable drawing.
        for name in machine.states.keys.sorted() {
            guard let state = machine.states[name] else { continue }
            nodes.append(Node(id: name, label: name, kind: NodeKind(rawValue: state.kind.rawValue) ?? .pass, group: group,
                              detail: Self.detail(state)))
            for choice in state.choices {
                edges.append(Edge(from: name, to: choice.next, kind: .next, label: choice.rule.summary))
            }
            if let d = state.defaultNext { edges.append(Edge(from: name, to: d, kind: .next, label: "Default")) }
            if let next = state.next { edges.append(Edge(from: name, to: next, kind: .next, label: nil)) }
            if state.end || state.kind == .succeed || state.kind == .fail {
                edges.append(Edge(from: name, to: end, kind: .next, label: nil))
                needsEnd = true
            }
            for catcher in state.catchers {
                edges.append(Edge(from: name, to: catcher.next, kind: .caught, label: "catch " + catcher.errorEquals.joined(separator: ", ")))
            }
            for (index, branch) in state.branches.enumerated() {
                let id = "\(name)/branch\(index + 1)"
                groups.append(Group(id: id, label: "\(name): branch \(index + 1)", parent: group))
                add(branch, group: id, entry: name)
            }
            if let processor = state.iterator {
                let id = "\(name)/items"
                groups.append(Group(id: id, label: "\(name): each item", parent: group))
                add(processor, group: id, entry: name)
            }
        }
        if needsEnd {
            nodes.append(Node(id: end, label: group == nil ? "End" : "branch end", kind: .end, group: group, detail: nil))
        }
    }

    private static func detail(_ state: State) -> String? {
        switch state.kind {
        case .task:
            var parts = [state.resource ?? ""]
            if let t = state.timeoutSeconds { parts.append("timeout \(Int(t)) s") }
            if let h = state.heartbeatSeconds { parts.append("heartbeat \(Int(h)) s") }
            if !state.retry.isEmpty { parts.append("retry") }
            return parts.joined(separator: " · ")
        case .wait:
            switch state.wait {
            case .seconds(let s)?: return "\(Int(s)) s"
            case .timestamp(let t)?: return "until \(t)"
            case .secondsPath(let p)?: return "seconds from \(p.text)"
            case .timestampPath(let p)?: return "until \(p.text)"
            case nil: return nil
            }
        case .fail:
            return state.failError ?? state.failErrorPath?.text
        case .map:
            return state.maxConcurrency > 0 ? "at most \(state.maxConcurrency) at once" : nil
        default:
            return nil
        }
    }
}
