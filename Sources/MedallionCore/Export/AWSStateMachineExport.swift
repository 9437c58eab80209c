import StateMachine

/// Turns a dataset's local state machine into the one Step Functions runs: the same states and
/// transitions, each `medallion:*` Task made an AWS service integration, and two Pass states in
/// front that build the execution input `medallion run` builds locally.
///
/// The definition keeps `${Name}` placeholders (``Placeholder``) that CloudFormation fills in
/// through `DefinitionSubstitutions`, a textual replacement done before Step Functions parses it.
///
/// Why results go through a Pass state: Lambda answers `{"Payload": <step output>, …}` and an
/// ECS task answers nothing, while downstream states expect the step output itself at the Task's
/// `ResultPath`. A `ResultSelector` can only build an object with named keys, never hand back
/// `$.Payload` as it is, so the Task (on ECS the state reading the output back) stores the raw
/// answer at the Task's `ResultPath` and a Pass state
/// named `<Task>.Result` replaces it with the step output: `InputPath` `<ResultPath>.Payload`
/// (or `.output`), the original `ResultSelector` as `Parameters` (evaluated against the step
/// output, as a ResultSelector is), the original `ResultPath` and `OutputPath`. The raw input the
/// ResultPath merges into is the Task's own, so what leaves the Pass is what left the local Task.
///
/// On ECS a Task `X` becomes `X` (S3 putObject of the step input: a container command is capped
/// at 8 KiB), `X.Run` (the Fargate task), `X.Output` (S3 getObject of what the step wrote) and
/// `X.Result`; `X` keeps the name so every transition into the Task still lands on its first state.
struct AWSStateMachineExport {
    let dataset: String
    /// The dataset's source URL, redacted, as `medallion run` puts it in the execution input.
    let sourceURL: String
    let compute: AWSCompute

    static let lambdaInvoke = "arn:aws:states:::lambda:invoke"
    static let ecsRunTask = "arn:aws:states:::ecs:runTask.sync"
    static let s3GetObject = "arn:aws:states:::aws-sdk:s3:getObject"
    static let s3PutObject = "arn:aws:states:::aws-sdk:s3:putObject"
    /// The container name in the ECS task definition, which the Task's overrides address.
    static let containerName = "medallion"
    static let prepareState = "Prepare run"
    static let inputState = "Run input"

    /// The `${Name}`s the definition holds; the template maps each to a resource or parameter.
    enum Placeholder: String, CaseIterable {
        case functionArn = "FunctionArn", clusterArn = "ClusterArn", taskDefinitionArn = "TaskDefinitionArn"
        case subnetIds = "SubnetIds", securityGroupIds = "SecurityGroupIds", assignPublicIp = "AssignPublicIp"
        case lakeBucket = "LakeBucket", lakePrefix = "LakePrefix"

        var reference: String { "${\(rawValue)}" }

        static func used(by compute: AWSCompute) -> [Placeholder] {
            switch compute {
            case .lambda: return [.functionArn]
            case .ecs: return [.clusterArn, .taskDefinitionArn, .subnetIds, .securityGroupIds, .assignPublicIp, .lakeBucket, .lakePrefix]
            }
        }
    }

    /// AWS's recommended retry of transient Lambda service errors (Step Functions developer
    /// guide, "Handle Lambda service exceptions": these names, 2 s, 6 attempts, backoff 2), plus
    /// throttling, which Lambda reports as TooManyRequestsException.
    static let lambdaRetry: JSONValue = [
        "ErrorEquals": ["Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException",
                        "Lambda.SdkClientException", "Lambda.TooManyRequestsException"],
        "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2,
    ]
    /// ECS API errors at RunTask (throttling, no Fargate capacity), retried the same way.
    static let ecsRetry: JSONValue = [
        "ErrorEquals": ["ECS.AmazonECSException"], "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2,
    ]

    /// The lake key (under the lake prefix) where the ECS step of `state` finds its input
    /// (`suffix` ".input") or leaves its output (""), with `{}` where the execution name goes.
    func runKeyTemplate(state: String, suffix: String = "") -> String {
        "_runs/\(dataset)/{}/\(Self.objectName(state))\(suffix).json"
    }

    /// `s3://bucket/prefix/<key template>`, as `medallion task` takes it.
    private func runURITemplate(state: String, suffix: String = "") -> String {
        "s3://\(Placeholder.lakeBucket.reference)/\(Placeholder.lakePrefix.reference)/\(runKeyTemplate(state: state, suffix: suffix))"
    }

    /// The Bucket and Key parameters of an S3 call on a `_runs/` object.
    private func runObject(state: String, suffix: String = "") -> [(String, JSONValue)] {
        let key = "\(Placeholder.lakePrefix.reference)/\(runKeyTemplate(state: state, suffix: suffix))"
        return [("Bucket", .string(Placeholder.lakeBucket.reference)), ("Key.$", .string("States.Format('\(key)', $$.Execution.Name)"))]
    }

    /// State names may hold characters a key should not; the rest map to `_`.
    static func objectName(_ state: String) -> String {
        String(state.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }

    func export(_ definition: JSONValue, file: String) throws -> JSONValue {
        guard case .object(let root) = definition, case .string(let startAt)? = root["StartAt"],
              case .object(let states)? = root["States"] else {
            throw ExportError.definitionNotAnObject(file: file)
        }
        var taken = Self.stateNames(in: states)
        for name in [Self.prepareState, Self.inputState] where taken.contains(name) {
            throw ExportError.stateNameTaken(name, task: startAt)
        }
        taken.formUnion([Self.prepareState, Self.inputState])
        var out = JSONObject()
        for (key, value) in root {
            switch key {
            case "StartAt": out[key] = .string(Self.prepareState)
            case "States":
                var exported = JSONObject()
                exported[Self.prepareState] = prepareRun()
                exported[Self.inputState] = runInput(next: startAt)
                for (name, state) in try exportStates(states, insideMap: false, topLevel: true, taken: &taken) { exported[name] = state }
                out[key] = .object(exported)
            default: out[key] = value
            }
        }
        return .object(out)
    }

    /// What `DatasetRunner` gives an execution: dataset, source, `force` (the input's, else false)
    /// and a run id of the same form, from the start time and a random suffix.
    private func prepareRun() -> JSONValue {
        let time = (0..<6).map { "States.ArrayGetItem(States.StringSplit($$.Execution.StartTime, '-:T.'), \($0))" }
        let suffix = "States.ArrayGetItem(States.StringSplit(States.UUID(), '-'), 0)"
        let runId = "States.Format('{}{}{}T{}{}{}Z-{}', \((time + [suffix]).joined(separator: ", ")))"
        return [
            "Type": "Pass",
            "Comment": "The execution input `medallion run` builds locally: dataset, source_url, force (the input's, default false) and a run id <UTC start>-<8 hex>.",
            "Parameters": [
                "defaults": ["force": false],
                "given.$": "$",
                "run": ["dataset": .string(dataset), "source_url": .string(sourceURL), "run_id.$": .string(runId)],
            ],
            "Next": .string(Self.inputState),
        ]
    }

    private func runInput(next: String) -> JSONValue {
        [
            "Type": "Pass",
            "Parameters": ["input.$": "States.JsonMerge(States.JsonMerge($.defaults, $.given, false), $.run, false)"],
            "OutputPath": "$.input",
            "Next": .string(next),
        ]
    }

    private static func stateNames(in states: JSONObject) -> Set<String> {
        var names = Set(states.keys)
        for (_, state) in states {
            for branch in state["Branches"]?.arrayValue ?? [] {
                if case .object(let nested)? = branch["States"] { names.formUnion(stateNames(in: nested)) }
            }
            for processor in ["ItemProcessor", "Iterator"] {
                if case .object(let nested)? = state[processor]?["States"] { names.formUnion(stateNames(in: nested)) }
            }
        }
        return names
    }

    /// `topLevel`: the execution's own states, whose Succeed states end the execution (a
    /// Succeed inside a Parallel branch or Map iteration only ends that).
    private func exportStates(_ states: JSONObject, insideMap: Bool, topLevel: Bool = false,
                              taken: inout Set<String>) throws -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        for (name, state) in states {
            guard case .object(var fields) = state else { out.append((name, state)); continue }
            if topLevel && state["Type"]?.stringValue == "Succeed" {
                out += try settleBeforeSucceeding(name: name, succeed: fields, taken: &taken)
                continue
            }
            if state["Type"]?.stringValue == "Task", let resource = state["Resource"]?.stringValue, resource.hasPrefix("medallion:") {
                if insideMap && compute == .ecs { throw ExportError.taskInsideMap(task: name) }
                out += try exportTask(name: name, resource: resource, fields: fields, taken: &taken)
                continue
            }
            if case .array(let branches)? = fields["Branches"] {
                fields["Branches"] = .array(try branches.map { try exportContainer($0, insideMap: insideMap, taken: &taken) })
            }
            for processor in ["ItemProcessor", "Iterator"] where fields[processor] != nil {
                fields[processor] = try exportContainer(fields[processor] ?? .null, insideMap: true, taken: &taken)
            }
            out.append((name, .object(fields)))
        }
        return out
    }

    private func exportContainer(_ container: JSONValue, insideMap: Bool, taken: inout Set<String>) throws -> JSONValue {
        guard case .object(var fields) = container, case .object(let states)? = fields["States"] else { return container }
        fields["States"] = .object(JSONObject(try exportStates(states, insideMap: insideMap, taken: &taken)))
        return .object(fields)
    }

    /// A Succeed state `X` becomes `X`, a `medallion:finish-run` Task that settles a run
    /// ending without a version (a skip) as `medallion run` does locally once an execution
    /// ends, and `X.Done`, the original Succeed. The Task keeps the name, so transitions into
    /// `X` still land on it, and discards its result, so `X.Done` sees what `X` saw.
    private func settleBeforeSucceeding(name: String, succeed: JSONObject, taken: inout Set<String>) throws -> [(String, JSONValue)] {
        let done = try claim("\(name).Done", after: name, taken: &taken)
        var settle = JSONObject()
        settle["Type"] = "Task"
        settle["Comment"] = "Marks the run skipped when the flow ends without UpdateManifest; a finished run is left as it is."
        settle["Parameters"] = ["dataset": .string(dataset), "run_id.$": "$.run_id"]
        settle["ResultPath"] = .null
        settle["Next"] = .string(done)
        return try exportTask(name: name, resource: FinishRunStep.resource, fields: settle, taken: &taken)
            + [(done, .object(succeed))]
    }

    /// The Task as a service integration, plus the states that put its output where the
    /// original `ResultPath` says.
    private func exportTask(name: String, resource: String, fields: JSONObject, taken: inout Set<String>) throws -> [(String, JSONValue)] {
        for field in fields.keys where !Self.exportedTaskFields.contains(field) {
            throw ExportError.unsupportedField(task: name, field: field)
        }
        // Absent ResultPath means "$"; null means the result is discarded.
        let resultPath: String? = fields["ResultPath"].map { $0.stringValue } ?? "$"
        let after = Self.transition(fields)
        var task = JSONObject()
        task["Type"] = "Task"
        // HeartbeatSeconds is left out: neither integration sends heartbeats, so AWS would time
        // the state out; a Lambda step is bounded by the function timeout, an ECS one by TimeoutSeconds.
        if let timeout = fields["TimeoutSeconds"] { task["TimeoutSeconds"] = timeout }
        if let timeout = fields["TimeoutSecondsPath"] { task["TimeoutSecondsPath"] = timeout }
        task["Retry"] = Self.retries(fields["Retry"], adding: compute == .lambda ? Self.lambdaRetry : Self.ecsRetry)
        if let catchers = fields["Catch"] { task["Catch"] = catchers }
        var states: [(String, JSONValue)] = []
        let taskName: String
        switch compute {
        case .lambda:
            taskName = name
            if let comment = fields["Comment"] { task["Comment"] = comment }
            task["Resource"] = .string(Self.lambdaInvoke)
            if let inputPath = fields["InputPath"] { task["InputPath"] = inputPath }
            var payload = JSONObject()
            payload["step"] = .string(resource)
            if let parameters = fields["Parameters"] { payload["input"] = parameters } else { payload["input.$"] = "$" }
            task["Parameters"] = ["FunctionName": .string(Placeholder.functionArn.reference), "Payload": .object(payload)]
        case .ecs:
            // The state keeps the Task's name (every Next, Default and Catch naming it stays
            // right) and hands the step its input; `<name>.Run` runs the step.
            taskName = try claim("\(name).Run", after: name, taken: &taken)
            states.append((name, try handOver(task: name, fields: fields, next: taskName)))
            task["Resource"] = .string(Self.ecsRunTask)
            task["Parameters"] = ecsParameters(task: name, resource: resource)
        }

        guard let resultPath else {
            // Nothing to unwrap: the output is discarded, as it was locally.
            task["ResultPath"] = .null
            if let outputPath = fields["OutputPath"] { task["OutputPath"] = outputPath }
            for (key, value) in after { task[key] = value }
            return states + [(taskName, .object(Self.ordered(task)))]
        }
        let resultState = try claim("\(name).Result", after: name, taken: &taken)
        switch compute {
        case .lambda:
            task["ResultPath"] = .string(resultPath)
            task["Next"] = .string(resultState)
            states.append((taskName, .object(Self.ordered(task))))
            states.append((resultState, unwrap(fields, resultPath: resultPath, member: "Payload", after: after)))
        case .ecs:
            let readState = try claim("\(name).Output", after: name, taken: &taken)
            task["ResultPath"] = .null
            task["Next"] = .string(readState)
            states.append((taskName, .object(Self.ordered(task))))
            states.append((readState, readBack(task: name, fields: fields, resultPath: resultPath, next: resultState)))
            states.append((resultState, unwrap(fields, resultPath: resultPath, member: "output", after: after)))
        }
        return states
    }

    /// The Task fields the export carries over (or, for heartbeats, knowingly leaves out);
    /// any other (`Assign`, `Credentials`, JSONata's `Arguments`/`Output`) would be lost, so it is refused.
    static let exportedTaskFields: Set<String> = [
        "Type", "Comment", "Resource", "InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath",
        "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Retry", "Catch", "Next", "End",
    ]

    /// Fields in the order the ASL specification describes them, so exported states read like written ones.
    private static func ordered(_ state: JSONObject) -> JSONObject {
        let order = ["Type", "Comment", "Resource", "InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath",
                     "TimeoutSeconds", "TimeoutSecondsPath", "Retry", "Catch", "Next", "End"]
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let members = Array(state.enumerated())
        func key(_ member: (offset: Int, element: (key: String, value: JSONValue))) -> (Int, Int) {
            (rank[member.element.key] ?? order.count, member.offset)
        }
        return JSONObject(members.sorted { key($0) < key($1) }.map { ($0.element.key, $0.element.value) })
    }

    private func claim(_ name: String, after task: String, taken: inout Set<String>) throws -> String {
        guard !taken.contains(name) else { throw ExportError.stateNameTaken(name, task: task) }
        taken.insert(name)
        return name
    }

    /// `Next` or `End` as the original state had it.
    private static func transition(_ fields: JSONObject) -> [(String, JSONValue)] {
        if let next = fields["Next"] { return [("Next", next)] }
        return [("End", fields["End"] ?? true)]
    }

    private func unwrap(_ fields: JSONObject, resultPath: String, member: String, after: [(String, JSONValue)]) -> JSONValue {
        var pass = JSONObject()
        pass["Type"] = "Pass"
        pass["Comment"] = .string("The step output (\(member)) at the Task's ResultPath, as the local Task left it.")
        pass["InputPath"] = .string(resultPath == "$" ? "$.\(member)" : "\(resultPath).\(member)")
        if let selector = fields["ResultSelector"] { pass["Parameters"] = selector }
        pass["ResultPath"] = .string(resultPath)
        if let outputPath = fields["OutputPath"] { pass["OutputPath"] = outputPath }
        for (key, value) in after { pass[key] = value }
        return .object(pass)
    }

    /// ECS cannot hand a result back: the step wrote it to `_runs/…/<Task>.json` in the lake
    /// (`medallion task --output-uri`) and this Task reads it into `<ResultPath>.output`.
    /// Catchers are the Task's, so a missing output fails the run the same way.
    private func readBack(task: String, fields: JSONObject, resultPath: String, next: String) -> JSONValue {
        var read = JSONObject()
        read["Type"] = "Task"
        read["Comment"] = .string("Reads back the output \(task) wrote to the lake.")
        read["Resource"] = .string(Self.s3GetObject)
        read["Parameters"] = .object(JSONObject(runObject(state: task)))
        read["ResultSelector"] = ["output.$": "States.StringToJson($.Body)"]
        read["ResultPath"] = .string(resultPath)
        if let catchers = fields["Catch"] { read["Catch"] = catchers }
        read["Next"] = .string(next)
        return .object(read)
    }

    /// Writes the step input (the Task's InputPath and Parameters applied, as locally) to
    /// `_runs/…/<Task>.input.json`: a container command cannot carry it, RunTask caps all
    /// overrides at 8,192 characters and a whole-state input (Gold, UpdateManifest) of the demo
    /// claims dataset already takes 7,000. `ResultPath: null` passes the state on unchanged.
    private func handOver(task: String, fields: JSONObject, next: String) throws -> JSONValue {
        var put = JSONObject()
        put["Type"] = "Task"
        put["Comment"] = .string("Hands \(task) its input through the lake; \(task).Run runs the step."
                                 + (fields["Comment"]?.stringValue.map { " " + $0 } ?? ""))
        put["Resource"] = .string(Self.s3PutObject)
        if let inputPath = fields["InputPath"] { put["InputPath"] = inputPath }
        var parameters = JSONObject(runObject(state: task, suffix: ".input"))
        let (bodyKey, body) = try IntrinsicJSONText.body(fields["Parameters"], task: task)
        parameters[bodyKey] = body
        put["Parameters"] = .object(parameters)
        put["ResultPath"] = .null
        if let catchers = fields["Catch"] { put["Catch"] = catchers }
        put["Next"] = .string(next)
        return .object(put)
    }

    private func ecsParameters(task: String, resource: String) -> JSONValue {
        let command = "States.Array('task', '\(resource)', '--input', States.Format('@\(runURITemplate(state: task, suffix: ".input"))', $$.Execution.Name), "
            + "'--output-uri', States.Format('\(runURITemplate(state: task))', $$.Execution.Name))"
        return [
            "LaunchType": "FARGATE",
            "Cluster": .string(Placeholder.clusterArn.reference),
            "TaskDefinition": .string(Placeholder.taskDefinitionArn.reference),
            "NetworkConfiguration": ["AwsvpcConfiguration": [
                "Subnets.$": .string("States.StringSplit('\(Placeholder.subnetIds.reference)', ',')"),
                "SecurityGroups.$": .string("States.StringSplit('\(Placeholder.securityGroupIds.reference)', ',')"),
                "AssignPublicIp": .string(Placeholder.assignPublicIp.reference),
            ]],
            "Overrides": ["ContainerOverrides": [["Name": .string(Self.containerName), "Command.$": .string(command)]]],
        ]
    }

    /// The original rules first (they name Medallion's errors), then the service's transient
    /// errors; a `States.ALL` rule stays last, as ASL requires.
    static func retries(_ original: JSONValue?, adding service: JSONValue) -> JSONValue {
        let rules = original?.arrayValue ?? []
        let catchAll = rules.filter { $0["ErrorEquals"]?.arrayValue?.contains("States.ALL") == true }
        let named = rules.filter { $0["ErrorEquals"]?.arrayValue?.contains("States.ALL") != true }
        return .array(named + [service] + catchAll)
    }
}
