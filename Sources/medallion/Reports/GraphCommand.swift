import ArgumentParser
import Foundation
import MedallionCore

extension FlowGraph.Format: ExpressibleByArgument {}

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a dataset's state machine (or a definition file) as SVG, Graphviz DOT or Mermaid.",
        discussion: """
            Choice edges carry their rules, Catch edges are dashed, Parallel branches and Map \
            processors are drawn as nested groups. With --run, each state shows what happened in \
            that run (succeeded, failed, skipped, not reached; by colour, border and label) and how \
            long it took. SVG is laid out by Graphviz's `dot` (Debian package graphviz); DOT and \
            Mermaid text need nothing. Output goes to stdout unless -o names a file.
            """)

    @Argument(help: "A dataset name, or a state machine definition file (.json).")
    var target: String

    @Option(name: .customLong("run"), help: "Colour the states by what happened in this run (a run id from `medallion runs`).")
    var runId: String?

    @Option(help: "svg, dot or mermaid.")
    var format: FlowGraph.Format = .svg

    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.")
    var output: String?

    @OptionGroup var lakeOptions: LakeOptions

    func run() throws {
        let text: String
        do {
            text = try FlowGraph.render(target: target, runId: runId, format: format, environment: lakeOptions.environment)
        } catch {
            throw Output.fail("\(error)")
        }
        guard let output else {
            Output.stdout(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw Output.fail("cannot write \(output): \(error)")
        }
    }
}
