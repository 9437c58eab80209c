import Foundation

/// Which peers are installed, and which versions: asked once, so a missing module becomes a
/// sentence in the table instead of a failed run.
enum ToolVersions {
    /// `module.__version__` as `python` imports it; nil when the import fails.
    static func python(_ module: String, python: String) -> String? {
        firstLine(of: ToolCommand(tool: module, executable: python, arguments: ["-c", "import \(module); print(\(module).__version__)"],
                                  shownAs: "python"))
    }

    /// `medallion --version`.
    static func medallion(_ binary: String) -> String? {
        firstLine(of: ToolCommand(tool: "medallion", executable: binary, arguments: ["--version"], shownAs: "medallion"))
    }

    private static func firstLine(of command: ToolCommand) -> String? {
        guard FileManager.default.isExecutableFile(atPath: command.executable),
              let run = try? MeasuredRun.run(command, in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)),
              run.status == 0 else { return nil }
        return run.output.split(separator: "\n").first.map(String.init)
    }
}
