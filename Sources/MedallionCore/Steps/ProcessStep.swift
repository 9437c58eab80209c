import Foundation
import StateMachine

/// `run --executor process`: a Task state run as its own `medallion task <resource>` child
/// process, which shares nothing with this one but the lake and the manifest — the contract a
/// step has on Step Functions with ECS or Lambda. The child's `{"Error", "Cause"}` becomes the
/// Task's error, so Retry and Catch see the same names as in-process; every line the child
/// writes to stderr (its progress) is a heartbeat; cancelling the Task (a timeout) kills it.
struct ProcessStep: TaskHandler {
    let resource: String
    /// The medallion binary the children run.
    let executable: URL
    let environment: PipelineEnvironment

    func invoke(_ input: JSONValue, context: TaskContext) async throws -> JSONValue {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-step-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(input.serialized().utf8).write(to: scratch)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["task", resource, "--input", "@\(scratch.path)", "--lake", environment.lake, "--manifest", environment.manifestPath]
        process.currentDirectoryURL = environment.root
        var variables = ProcessInfo.processInfo.environment
        variables["MEDALLION_LOG_LEVEL"] = variables["MEDALLION_LOG_LEVEL"] ?? "warning"
        process.environment = variables
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let heartbeat = context.heartbeat
        let collected = StderrTail()
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { return }
            heartbeat.beat()
            collected.append(data)
        }
        do {
            try process.run()
        } catch {
            throw TaskFailure(error: StepError.stepProcessFailed, cause: "cannot start \(executable.path) task \(resource): \(error)")
        }
        let stdout: Data = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: data)
                }
            }
        } onCancel: {
            if process.isRunning { process.terminate() }
        }
        errors.fileHandleForReading.readabilityHandler = nil
        try Task.checkCancellation()
        let text = String(decoding: stdout, as: UTF8.self)
        let value = try? JSONValue(parsing: text)
        switch process.terminationStatus {
        case 0:
            guard let value else {
                throw TaskFailure(error: StepError.stepProcessFailed, cause: "task \(resource) printed no JSON output: \(text.prefix(500))")
            }
            return value
        case 1:
            if case .object(let fields)? = value, case .string(let error)? = fields["Error"] {
                var cause: String?
                if case .string(let text)? = fields["Cause"] { cause = text }
                throw TaskFailure(error: error, cause: cause)
            }
            fallthrough
        default:
            throw TaskFailure(error: StepError.stepProcessFailed,
                              cause: "task \(resource) exited with status \(process.terminationStatus): \(collected.text)")
        }
    }
}

/// The last few kilobytes a child wrote to stderr, for the error of a child that died.
private final class StderrTail: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.withLock {
            data.append(more)
            if data.count > 8192 { data = data.suffix(8192) }
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) } }
}
