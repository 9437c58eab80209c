import Foundation
import TestSupport

/// Permission tests need a process the kernel holds to file modes. Root ignores them, so under
/// root the binary runs as `nobody` through setpriv; without setpriv such tests are disabled.
enum Unprivileged {
    static let setpriv = "/usr/bin/setpriv"

    /// Whether a permission test can run here.
    static var available: Bool {
        geteuid() != 0 || FileManager.default.isExecutableFile(atPath: setpriv)
    }
}

extension PipelineWorkspace {
    /// Runs `medallion` like `medallion(_:environment:)`, as a user file modes apply to.
    func medallionUnprivileged(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        guard geteuid() == 0 else { return try medallion(arguments, environment: environment) }
        return try runProcess(Unprivileged.setpriv,
                              ["--reuid=65534", "--regid=65534", "--clear-groups", TestEnvironment.medallionBinary.path] + arguments,
                              environment: ["MEDALLION_LAKE": lake.path, "MEDALLION_MANIFEST": "", "MEDALLION_LOG_LEVEL": "warning"]
                                  .merging(environment) { $1 },
                              currentDirectory: root)
    }

    /// Sets a file's or directory's mode (a test undoes it before removing the workspace).
    func chmod(_ path: URL, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path.path)
    }
}
