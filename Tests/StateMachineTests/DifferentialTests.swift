import Foundation
import StateMachine
import Testing
import TestSupport

/// One case from Fixtures/fixtures.json: a definition, its input and moto's result.
struct Fixture: Sendable, CustomTestStringConvertible {
    let name: String
    let definition: JSONValue
    let input: JSONValue
    let output: JSONValue?
    let error: String?
    let cause: String?

    var testDescription: String { name }

    static let all: [Fixture] = {
        let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/StateMachineTests/Fixtures/fixtures.json")
        guard let data = FileManager.default.contents(atPath: url.path),
              let json = try? JSONValue(parsing: data), case .array(let items) = json else { return [] }
        return items.compactMap { item in
            guard let name = item["name"]?.stringValue, let definition = item["definition"], let input = item["input"] else { return nil }
            return Fixture(name: name, definition: definition, input: input,
                           output: item["status"] == "SUCCEEDED" ? item["output"] : nil,
                           error: item["error"]?.stringValue, cause: item["cause"]?.stringValue)
        }
    }()
}

/// Compares the engine with the ASL interpreter embedded in moto over every fixture.
@Suite struct DifferentialTests {
    @Test func fixturesArePresent() {
        #expect(Fixture.all.count >= 150)
    }

    @Test(arguments: Fixture.all)
    func engineMatchesMoto(_ fixture: Fixture) async throws {
        let definition = try StateMachineDefinition.parse(Data(fixture.definition.serialized().utf8))
        let engine = ExecutionEngine(definition: definition, handlers: [:])
        let result = await engine.run(input: fixture.input, executionName: "exec-\(fixture.name)")
        switch result {
        case .succeeded(let output):
            #expect(fixture.output != nil, "moto failed with \(fixture.error ?? "?"): \(fixture.cause ?? "") but the engine produced \(output.serialized())")
            if let expected = fixture.output {
                #expect(output == expected, "expected \(expected.serialized()), got \(output.serialized())")
            }
        case .failed(let error, let cause):
            #expect(fixture.error == error, "expected \(fixture.output.map { $0.serialized() } ?? fixture.error ?? "?"), got \(error): \(cause ?? "")")
        }
    }

    /// A sample through the real binary: same answers, exit 0 on success and 1 with {"Error","Cause"} on failure.
    @Test func cliMatchesMotoOnASample() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("sfn-differential")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = Fixture.all.enumerated().filter { $0.offset % 15 == 0 }.map(\.element)
        #expect(sample.count >= 10)
        for fixture in sample {
            let file = directory.appendingPathComponent("\(fixture.name).asl.json")
            try Data(fixture.definition.serialized().utf8).write(to: file)
            let inputFile = directory.appendingPathComponent("\(fixture.name).input.json")
            try Data(fixture.input.serialized().utf8).write(to: inputFile)
            let run = try runProcess(TestEnvironment.medallionBinary.path, ["sfn", "run", file.path, "--input", "@\(inputFile.path)"])
            let printed = try JSONValue(parsing: run.stdout)
            if let expected = fixture.output {
                #expect(run.status == 0, "\(fixture.name): \(run.stderr)")
                #expect(printed == expected, "\(fixture.name)")
            } else {
                #expect(run.status == 1, "\(fixture.name): \(run.stderr)")
                #expect(printed["Error"]?.stringValue == fixture.error, "\(fixture.name)")
                // As DescribeExecution: each key only when the failure has it.
                let keys = (fixture.error == nil ? [] : ["Error"]) + (fixture.cause == nil ? [] : ["Cause"])
                #expect(printed.objectValue?.keys == keys, "\(fixture.name)")
            }
        }
    }
}
