/// One tool's side of a comparison: the process that is timed, what must happen (untimed)
/// before each timed run, and how to tell that a run did the work it is credited with.
struct ToolCommand {
    /// The name in the table: "medallion", "polars", "DuckDB", "sha256sum", "hashlib".
    let tool: String
    let executable: String
    let arguments: [String]
    /// The command as a reader types it in the bench's work directory (`medallion`, `python`
    /// standing for the binaries named above the commands).
    let display: String
    /// Why this tool cannot run here (say, polars is not installed): the row shows this
    /// reason instead of a figure.
    var unavailable: String?
    /// Untimed, before every run, so that each run does the same work (a fresh lake, no
    /// output file left by the previous run).
    var prepare: () throws -> Void = {}
    /// `prepare` in words, for the commands under the table.
    var preparation: String?
    /// Reads a finished run's output; a message means the run did not do the work it is
    /// timed for (a medallion run that skipped where it should have built).
    var check: (String) -> String? = { _ in nil }
    /// Bytes the tool wrote, read after its last run (nil: nothing to compare).
    var outputBytes: () -> Int? = { nil }
    /// The part of the run the row compares, when not the whole process (the Gold row).
    var counted: CountedPart?

    init(tool: String, executable: String, arguments: [String], shownAs name: String) {
        self.tool = tool
        self.executable = executable
        self.arguments = arguments
        display = ([name] + arguments.map(Self.shellQuoted)).joined(separator: " ")
    }

    /// Quotes an argument only when the shell would otherwise split or expand it; double
    /// quotes when they suffice, because the SQL inside the Python scripts is full of `'`.
    static func shellQuoted(_ argument: String) -> String {
        let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) }
        if plain && !argument.isEmpty { return argument }
        var quoted = "\""
        for character in argument {
            if "\"\\$`".contains(character) { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}
