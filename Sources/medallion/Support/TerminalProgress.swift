import Foundation
import MedallionCore

/// Progress on stderr: a redrawn status line with rate and ETA on a terminal, plain lines otherwise.
final class TerminalProgress: ProgressSink, @unchecked Sendable {
    private let isTTY: Bool
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var lastPlainRows: [String: Int64] = [:]
    private var started: [String: Date] = [:]
    private var lineVisible = false

    init(isTTY: Bool = isatty(STDERR_FILENO) == 1) {
        self.isTTY = isTTY
    }

    func downloaded(dataset: String, bytes: Int64, total: Int64?) {
        guard isTTY else { return }
        locked {
            let elapsed = elapsedSeconds(dataset)
            let rate = elapsed > 0 ? Double(bytes) / elapsed : 0
            var text = "\(dataset): download \(Self.bytes(bytes))"
            if let total, total > 0 {
                let fraction = min(1, Double(bytes) / Double(total))
                let filled = Int(fraction * 24)
                text = "\(dataset): [\(String(repeating: "#", count: filled))\(String(repeating: "-", count: 24 - filled))] "
                    + "\(Self.bytes(bytes))/\(Self.bytes(total))"
                if rate > 0 { text += String(format: "  ETA %.0fs", Double(total - bytes) / rate) }
            }
            text += "  \(Self.bytes(Int64(rate)))/s"
            draw(text)
        }
    }

    func rows(dataset: String, step: String, count: Int64) {
        locked {
            let elapsed = elapsedSeconds(dataset)
            let rate = elapsed > 0 ? Double(count) / elapsed : 0
            let text = "\(dataset): \(step) \(count) rows  \(Int(rate)) rows/s"
            if isTTY {
                draw(text)
            } else if count - (lastPlainRows[dataset] ?? 0) >= 1_000_000 {
                lastPlainRows[dataset] = count
                write(text)
            }
        }
    }

    func note(dataset: String, _ message: String) {
        locked {
            if isTTY && lineVisible {
                FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
                lineVisible = false
            }
            write("\(dataset): \(message)")
        }
    }

    private func locked(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        body()
    }

    private func elapsedSeconds(_ dataset: String) -> Double {
        let start = started[dataset] ?? {
            let now = Date()
            started[dataset] = now
            return now
        }()
        return Date().timeIntervalSince(start)
    }

    // Redraws at most ten times a second so progress never slows the work down.
    private func draw(_ text: String) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        lineVisible = true
    }

    private func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private static func bytes(_ count: Int64) -> String { Output.bytes(count) }
}
