import Foundation
import StateMachine
import Testing
import TestSupport

/// `medallion sfn validate|run` through the built binary: output and exit codes per DESIGN.md.
@Suite struct SfnCommandTests {
    func withDefinition(_ json: String, _ body: (URL, URL) throws -> Void) throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("sfn-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("machine.asl.json")
        try Data(json.utf8).write(to: file)
        try body(file, directory)
    }

    func medallion(_ arguments: [String], stdin: String? = nil) throws -> ProcessResult {
        try runProcess(TestEnvironment.medallionBinary.path, arguments, stdin: stdin)
    }

    @Test func runPrintsTheOutputAndExitsZero() throws {
        try withDefinition(#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($.a, $.b)"},"End":true}}}"#) { file, directory throws in
            let inline = try medallion(["sfn", "run", file.path, "--input", #"{"a":2,"b":3}"#])
            #expect(inline.status == 0, "\(inline.stderr)")
            #expect(inline.stdout == "{\"sum\":5}\n")
            let inputFile = directory.appendingPathComponent("input.json")
            try Data(#"{"a":10,"b":-1}"#.utf8).write(to: inputFile)
            let fromFile = try medallion(["sfn", "run", file.path, "--input", "@\(inputFile.path)"])
            #expect(fromFile.stdout == "{\"sum\":9}\n")
            let fromStdin = try medallion(["sfn", "run", file.path, "--input", "@-"], stdin: #"{"a":1,"b":1}"#)
            #expect(fromStdin.stdout == "{\"sum\":2}\n")
        }
    }

    @Test func aFailedExecutionPrintsErrorAndCauseAndExitsOne() throws {
        try withDefinition(#"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Nope","Cause":"because"}}}"#) { file, _ throws in
            let result = try medallion(["sfn", "run", file.path])
            #expect(result.status == 1)
            let printed = try JSONValue(parsing: result.stdout)
            #expect(printed == ["Error": "Nope", "Cause": "because"])
        }
    }

    @Test func invalidDefinitionsExitTwoListingEveryProblem() throws {
        try withDefinition(#"{"StartAt":"X","States":{"A":{"Type":"Pass","Next":"Q"},"B":{"Type":"Wait","End":true}}}"#) { file, _ throws in
            for command in ["validate", "run"] {
                let result = try medallion(["sfn", command, file.path])
                #expect(result.status == 2)
                #expect(result.stderr.contains("StartAt"))
                #expect(result.stderr.contains("States.A.Next"))
                #expect(result.stderr.contains("States.B.Seconds"))
            }
        }
    }

    @Test func taskStatesHaveNoHandlerInTheStandaloneRunner() throws {
        try withDefinition(#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"medallion:bronze","End":true}}}"#) { file, _ throws in
            #expect(try medallion(["sfn", "validate", file.path]).status == 0)
            let run = try medallion(["sfn", "run", file.path])
            #expect(run.status == 2)
            #expect(run.stderr.contains("States.T.Resource"))
        }
    }

    @Test func badInputAndMissingFilesAreUsageErrors() throws {
        try withDefinition(#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#) { file, directory throws in
            #expect(try medallion(["sfn", "validate", file.path]).status == 0)
            #expect(try medallion(["sfn", "run", file.path, "--input", "{nope"]).status == 2)
            #expect(try medallion(["sfn", "run", file.path, "--input", "@\(directory.path)/missing.json"]).status == 2)
            #expect(try medallion(["sfn", "validate", directory.appendingPathComponent("missing.json").path]).status == 2)
        }
    }

    @Test func anUnassignedVariableIsAWarningNotAFailure() throws {
        try withDefinition(#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$ghost"},"End":true}}}"#) { file, _ throws in
            let validate = try medallion(["sfn", "validate", file.path])
            #expect(validate.status == 0)
            #expect(validate.stderr.contains("warning:") && validate.stderr.contains("'$ghost' is not assigned"), "\(validate.stderr)")
            let run = try medallion(["sfn", "run", file.path])
            #expect(run.status == 1)
            #expect(run.stdout.contains("States.Runtime"))
        }
    }
}
