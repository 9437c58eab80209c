/// Evaluating a state's `Assign` and storing what it assigns, within AWS's limits.
enum VariableAssignment {
    /// AWS: 256 KiB per variable and per Assign, 10 MiB for all of an execution scope's variables.
    static let maxValueBytes = 256 << 10
    static let maxAssignBytes = 256 << 10
    static let maxTotalBytes = 10 << 20

    /// The values `assign` gives, with `$` bound to `data` and paths reading the variables as
    /// they were when the state was entered; nil without an Assign.
    static func evaluate(_ assign: PayloadTemplate?, data: JSONValue, scope: PathScope, state: String) throws -> JSONObject? {
        guard let assign else { return nil }
        guard case .object(let values) = try assign.evaluate(input: data, scope: scope) else {
            throw StatesError.runtime("The Assign of state '\(state)' did not evaluate to an object")
        }
        var total = 0
        for (name, value) in values {
            let bytes = value.serialized().utf8.count
            guard bytes <= maxValueBytes else {
                throw StatesError.runtime("The value assigned to '\(name)' in state '\(state)' is \(bytes) bytes, over the 256 KiB limit of a variable")
            }
            total += bytes
        }
        guard total <= maxAssignBytes else {
            throw StatesError.runtime("The Assign of state '\(state)' assigns \(total) bytes, over the 256 KiB limit of one Assign")
        }
        return values
    }

    /// Stores assigned values; new values are seen from the next state on. `sizes` keeps each
    /// variable's JSON size, so an assignment measures only its new values: it is filled from the
    /// scope's variables (inherited ones included) at the scope's first assignment, and a scope
    /// that assigns nothing measures nothing.
    static func apply(_ assigned: JSONObject?, to variables: inout [String: JSONValue], sizes: inout [String: Int]?) throws {
        guard let assigned else { return }
        var measured = sizes ?? variables.mapValues { $0.serialized().utf8.count }
        for (name, value) in assigned {
            variables[name] = value
            measured[name] = value.serialized().utf8.count
        }
        sizes = measured
        let total = measured.values.reduce(0, +)
        guard total <= maxTotalBytes else {
            throw StatesError.runtime("The workflow's variables hold \(total) bytes, over the 10 MiB limit of an execution")
        }
    }

    /// History detail: each assigned value as its JSON text, as AWS's `assignedVariables`.
    static func historyDetail(_ assigned: JSONObject) -> [String: String] {
        var detail: [String: String] = [:]
        for (name, value) in assigned { detail[name] = value.serialized() }
        return detail
    }
}
