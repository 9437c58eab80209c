import Foundation

/// Paths and helpers shared by the test targets.
public enum TestEnvironment {
    /// The repository root (the directory holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The test venv's interpreter (`make test` creates it and sets MEDALLION_PYTHON).
    public static var python: String {
        if let explicit = ProcessInfo.processInfo.environment["MEDALLION_PYTHON"], !explicit.isEmpty {
            return explicit
        }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// The built `medallion` binary next to the test bundle.
    public static var medallionBinary: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("medallion"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("medallion"),
        ]
        for url in candidates where FileManager.default.isExecutableFile(atPath: url.path) {
            return url
        }
        return packageRoot.appendingPathComponent(".build/debug/medallion")
    }

    /// A fresh, empty directory that the caller owns.
    public static func makeTemporaryDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("medallion-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The outcome of a child process.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs an executable to completion, capturing both output streams.
@discardableResult
public func runProcess(_ executable: String, _ arguments: [String], stdin: String? = nil,
                       environment: [String: String]? = nil, currentDirectory: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    try process.run()
    if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
    try inPipe.fileHandleForWriting.close()
    // Read stderr on another thread so neither pipe fills up and blocks the child.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let done = DispatchSemaphore(value: 0)
    let errHandle = errPipe.fileHandleForReading
    DispatchQueue.global().async {
        errBox.data = errHandle.readDataToEndOfFile()
        done.signal()
    }
    let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    let errData = errBox.data
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs a Python snippet with the test venv's interpreter.
@discardableResult
public func runPython(_ script: String, _ arguments: [String] = [], environment: [String: String]? = nil) throws -> ProcessResult {
    try runProcess(TestEnvironment.python, ["-c", script] + arguments, environment: environment)
}
