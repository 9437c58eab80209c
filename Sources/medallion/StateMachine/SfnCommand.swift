import ArgumentParser

/// `medallion sfn …`: validate or execute any Amazon States Language definition.
struct SfnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sfn",
        abstract: "Validate or run any Amazon States Language definition (JSONPath dialect).",
        subcommands: [SfnValidateCommand.self, SfnRunCommand.self]
    )
}
