import Foundation

/// Holds a Delta commit just before it is written, so the race tests can let a second process
/// commit the same version first. Only when `MEDALLION_TEST_DELTA_PAUSE` names a directory
/// (test-only; nothing else reads it): the process creates `<directory>/paused-<pid>` and waits
/// until `<directory>/release` exists (at most a minute), once per process.
enum CommitPause {
    static let variable = "MEDALLION_TEST_DELTA_PAUSE"
    private static let directory: String? = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    private static let state = Once()

    static func reach() async {
        guard let directory, state.first() else { return }
        FileManager.default.createFile(atPath: directory + "/paused-\(getpid())", contents: nil)
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: directory + "/release"), Date() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }
}

/// True the first time only, whichever thread asks.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var used = false

    func first() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if used { return false }
        used = true
        return true
    }
}
