import Foundation

/// Named moments of a run where the crash-recovery tests kill the process. Only when the
/// environment variable `MEDALLION_TEST_CRASH_AT` names the point (test-only; nothing else
/// reads it) does reaching it send SIGKILL to this process: no cleanup, no flush, exactly what a
/// power loss or the OOM killer leaves behind.
public enum CrashPoint {
    static let variable = "MEDALLION_TEST_CRASH_AT"
    private static let target: String? = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }

    /// Dies here when the tests asked for `name`.
    @inline(__always)
    static func reach(_ name: @autoclosure () -> String) {
        guard let target else { return }
        if target == name() { kill(getpid(), SIGKILL) }
    }
}
