import Foundation
import Manifest

extension ManifestStore {
    /// Ends `run` if its execution left it `running`: a flow that ended without UpdateManifest
    /// (a skip) or whose RecordFailure did not record the failure. A run already finished keeps
    /// its status. Returns the status the run has afterwards. Shared by `medallion run`'s
    /// runner, which settles once an execution ends, and `medallion:finish-run`, which does it
    /// inside flows no runner waits for (Step Functions).
    @discardableResult
    func settleIfOpen(_ run: RunRecord, as status: RunStatus, error: String? = nil, cause: String? = nil) throws -> RunStatus {
        guard run.status == .running else { return run.status }
        try finishRun(executionName: run.executionName, status: status, finishedAt: Date(), error: error, cause: cause)
        return status
    }
}
