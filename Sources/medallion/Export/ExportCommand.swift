import ArgumentParser

/// `medallion export …`: deployable bundles that run the datasets somewhere else.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write deployable bundles that run datasets outside this machine (AWS Step Functions).",
        subcommands: [ExportAWSCommand.self]
    )
}
