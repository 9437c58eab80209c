/// `InputPath`, `OutputPath` and `ResultPath`: absent (the default `$`), explicit `null`, or a path.
enum OptionalPath: Sendable {
    case absent
    case null
    case path(JSONPath)
}

/// A reference path or an intrinsic call, as Fail's ErrorPath and CausePath accept.
enum ValueExpression: Sendable {
    case path(JSONPath)
    case intrinsic(IntrinsicCall)

    init(_ text: String) throws {
        if text.hasPrefix("$") { self = .path(try JSONPath(text)) } else { self = .intrinsic(try IntrinsicCall(parsing: text)) }
    }

    var text: String {
        switch self {
        case .path(let p): return p.text
        case .intrinsic(let c): return c.function.rawValue + "(…)"
        }
    }

    /// The selected value, nil when a path finds nothing.
    func evaluate(input: JSONValue, scope: PathScope) throws -> JSONValue? {
        switch self {
        case .path(let p): return p.select(input, scope)
        case .intrinsic(let c): return try IntrinsicEvaluator.evaluate(c, input: input, scope: scope)
        }
    }
}

/// A retrier from a state's `Retry` array.
struct Retrier: Sendable {
    var errorEquals: [String]
    var intervalSeconds: Double = 1
    var maxAttempts: Int = 3
    var backoffRate: Double = 2
    var maxDelaySeconds: Double?
    var fullJitter = false
}

/// A catcher from a state's `Catch` array.
struct Catcher: Sendable {
    var errorEquals: [String]
    var next: String
    var resultPath: OptionalPath = .absent
    /// Replaces the state's own Assign when this catcher handles the error (`$` is the error output).
    var assign: PayloadTemplate?
}

/// One of a Choice state's rules with where it leads and what it assigns when it matches.
struct ChoiceBranch: Sendable {
    var rule: ChoiceRule
    var next: String
    var assign: PayloadTemplate?
}

/// A Wait state's duration.
enum WaitDuration: Sendable {
    case seconds(Double)
    case timestamp(String)
    case secondsPath(JSONPath)
    case timestampPath(JSONPath)
}

/// One state, as compiled from the definition.
///
/// A class, not a struct: the engine looks a state up on every transition, and copying a value
/// this wide (retaining each of its fields) was a measurable share of a Pass chain's time.
/// Unchecked Sendable: the parser fills it in, and nothing changes it after parsing.
final class State: @unchecked Sendable {
    enum Kind: String, Sendable {
        case pass = "Pass", task = "Task", choice = "Choice", wait = "Wait", succeed = "Succeed"
        case fail = "Fail", parallel = "Parallel", map = "Map"
    }

    var name: String
    var kind: Kind

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
    /// True when a field reads `$$`, so the context object must be built on entry.
    var usesContext = false
    var next: String?
    var end = false

    var inputPath: OptionalPath = .absent
    var outputPath: OptionalPath = .absent
    var resultPath: OptionalPath = .absent
    var parameters: PayloadTemplate?
    var resultSelector: PayloadTemplate?
    /// Workflow variables the state sets (`$` is its result; Choice and Wait: its effective input).
    var assign: PayloadTemplate?
    var result: JSONValue?

    var resource: String?
    var timeoutSeconds: Double?
    var timeoutSecondsPath: JSONPath?
    var heartbeatSeconds: Double?
    var heartbeatSecondsPath: JSONPath?
    var retry: [Retrier] = []
    var catchers: [Catcher] = []

    var choices: [ChoiceBranch] = []
    var defaultNext: String?

    var wait: WaitDuration?

    var failError: String?
    var failCause: String?
    var failErrorPath: ValueExpression?
    var failCausePath: ValueExpression?

    var branches: [StateMachineDefinition] = []

    var iterator: StateMachineDefinition?
    var itemsPath: OptionalPath = .absent
    var itemSelector: PayloadTemplate?
    var maxConcurrency = 0
    var maxConcurrencyPath: JSONPath?
    var toleratedFailureCount: Int?
    var toleratedFailurePercentage: Double?
    var toleratedFailureCountPath: JSONPath?
    var toleratedFailurePercentagePath: JSONPath?
}
