import Foundation

/// What a timed `medallion run --json` must report for its time to count: a run that skipped
/// where it should have built (or built where it should have skipped) would make a fine figure
/// for the wrong work.
enum MedallionOutcome {
    /// Every layer the dataset's flow has, built from the source.
    case built
    /// Only Gold rebuilt, all of `tables` of them, on the current Silver.
    case goldOnly(tables: Int)
    /// Nothing to do: the source and the pipeline are unchanged.
    case skipped

    /// nil when the run summary says the expected thing, else what it says instead.
    func problem(inRunOutput output: String) -> String? {
        let summaries = output.split(separator: "\n").compactMap { line -> [String: Any]? in
            guard line.hasPrefix("{") else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        guard summaries.count == 1, let summary = summaries.first else {
            return "expected one JSON run summary, got: \(output.prefix(300))"
        }
        let status = summary["status"] as? String ?? "?"
        let reused = (summary["reused"] as? [String: Any]).map { Array($0.keys).sorted() } ?? []
        let gold = ((summary["outputs"] as? [String: Any])?["gold"] as? [String: Any])?.count ?? 0
        switch self {
        case .built:
            if status == "succeeded" && reused.isEmpty { return nil }
        case .goldOnly(let tables):
            if status == "succeeded" && gold == tables && !reused.contains(where: { $0.hasPrefix("gold.") }) { return nil }
        case .skipped:
            if status == "skipped" { return nil }
        }
        return "not the work timed: status \(status), reused \(reused), \(gold) gold outputs (\(summary["error"] as? String ?? "no error"))"
    }
}
