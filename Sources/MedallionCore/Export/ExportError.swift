/// Why `medallion export aws` cannot export a dataset.
public enum ExportError: Error, CustomStringConvertible, Equatable {
    /// The dataset's state machine is not the JSON object of an ASL definition.
    case definitionNotAnObject(file: String)
    /// A state the export adds next to a Task would take a name the definition already uses.
    case stateNameTaken(String, task: String)
    /// ECS: a Task's `Parameters` value cannot be turned into the step's `--input` JSON text.
    case unsupportedParameter(task: String, field: String, reason: String)
    /// A Task field the exported states could not keep with the same meaning.
    case unsupportedField(task: String, field: String)
    /// ECS: a Medallion Task inside a Map would make every iteration write one output object.
    case taskInsideMap(task: String)
    /// The bundle could not be written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .definitionNotAnObject(let file):
            return "\(file): not a JSON object; export needs an Amazon States Language definition (run `medallion validate \(file)`)"
        case .stateNameTaken(let name, let task):
            return "state '\(name)' already exists: the export adds a state of that name after Task '\(task)'; rename the existing state"
        case .unsupportedParameter(let task, let field, let reason):
            return "Task '\(task)': Parameters.\(field): \(reason); with --compute ecs the step input must be built from literals "
                + "and paths (or use --compute lambda)"
        case .unsupportedField(let task, let field):
            return "Task '\(task)': field \(field) cannot be exported to a service integration with the same meaning; remove it or move it to a Pass state"
        case .taskInsideMap(let task):
            return "Task '\(task)' runs inside a Map: with --compute ecs every iteration would write the same _runs/ object; use --compute lambda"
        case .unwritable(let path, let reason):
            return "cannot write \(path): \(reason); choose another directory with -o"
        }
    }
}
