import Foundation
import Lake
import Manifest

/// The frame every report page shares: one self-contained HTML file with its style sheet
/// inline, no script and no reference outside the report directory, so it opens from disk
/// and prints the same anywhere.
struct ReportPage {
    var title: String
    /// Directory depth below the report root (0 for index.html), for relative links.
    var depth: Int
    var body: String
    var generatedAt: Date

    /// A link to `path` (relative to the report root) from this page.
    static func link(_ path: String, depth: Int) -> String {
        String(repeating: "../", count: depth) + path
    }

    static func runPath(_ runId: String) -> String { "runs/\(runId).html" }
    static func datasetPath(_ dataset: String) -> String { "datasets/\(dataset).html" }

    /// The words, symbol and class of a run status: colour is never the only cue.
    static func badge(_ status: RunStatus) -> String {
        "<span class=\"badge \(status.rawValue)\" data-status=\"\(status.rawValue)\">\(symbol(status)) \(status.rawValue)</span>"
    }

    static func symbol(_ status: RunStatus) -> String {
        switch status {
        case .succeeded: return "✓"
        case .failed: return "✗"
        case .skipped: return "–"
        case .running: return "↻"
        case .interrupted: return "⚠"
        }
    }

    var html: String {
        let home = Self.link("index.html", depth: depth)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(XMLText.escape(title)) · Medallion</title>
            <style>\(Self.styleSheet)</style>
            </head>
            <body>
            <header><a class="home" href="\(home)">Medallion lake report</a></header>
            <main>
            \(body)
            </main>
            <footer>Generated \(Figures.time(generatedAt)) by medallion \(MedallionVersion.string). Times are UTC.</footer>
            </body>
            </html>

            """
    }

    /// Status colours (Okabe–Ito-leaning: distinguishable with the common colour-vision
    /// deficiencies), paired in the markup with symbols, words, borders and hatching.
    static let styleSheet = """
        :root{--ok:#1b7837;--ok-bg:#d9f0d3;--bad:#b2182b;--bad-bg:#fddbc7;--skip:#6b6b6b;--skip-bg:#eeeeee;
        --run:#2166ac;--run-bg:#d1e5f0;--warn:#b35806;--warn-bg:#fee0b6;--ink:#1f2328;--muted:#59636e;--line:#d0d7de}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
        header{background:#24292f;padding:10px 24px}header a{color:#fff;font-weight:600;text-decoration:none}
        main{padding:16px 24px;max-width:1280px}
        footer{padding:12px 24px;color:var(--muted);font-size:13px;border-top:1px solid var(--line)}
        h1{font-size:24px;margin:8px 0 12px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
        table{border-collapse:collapse;margin:6px 0 12px}th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        th{font-size:13px;color:var(--muted);font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:13px}
        .sha{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;word-break:break-all}
        a{color:#0550ae}.muted{color:var(--muted)}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;border:1px solid;font-size:13px;font-weight:600;white-space:nowrap}
        .badge.succeeded{color:var(--ok);background:var(--ok-bg)}.badge.failed{color:var(--bad);background:var(--bad-bg);border-width:2px}
        .badge.skipped{color:var(--skip);background:var(--skip-bg);border-style:dashed}.badge.running{color:var(--run);background:var(--run-bg)}
        .badge.interrupted{color:var(--warn);background:var(--warn-bg);border-style:dotted;border-width:2px}
        .badge.not-reached{color:var(--muted);background:#fff;border-style:dotted}
        .error{border:2px solid var(--bad);background:#fff5f3;padding:10px 14px;border-radius:6px}
        .error pre{white-space:pre-wrap;word-break:break-word;margin:6px 0 0;font-size:13px}
        .note{background:#f6f8fa;border:1px solid var(--line);padding:8px 12px;border-radius:6px}
        .flow svg{max-width:100%;height:auto}
        svg.chart text{font:12px system-ui,-apple-system,"DejaVu Sans",sans-serif;fill:var(--ink)}
        svg.chart .scale{fill:var(--muted);font-size:11px}svg.chart .axis{stroke:var(--line)}
        svg.chart .track{fill:#f6f8fa}svg.chart .bar{fill:#4a6fa5}
        svg.chart .succeeded .bar{fill:var(--ok)}svg.chart .failed .bar{fill:var(--bad)}
        svg.chart .skipped .bar{fill:var(--skip)}svg.chart .running .bar{fill:var(--run)}svg.chart .interrupted .bar{fill:var(--warn)}
        svg.chart .not-reached .bar{fill:none}
        svg.chart .failed .marker{fill:var(--bad);font-weight:700}svg.chart .marker{fill:var(--skip)}
        svg.chart .warn .bar{fill:var(--warn)}
        svg.chart polyline.duration{fill:none;stroke:#e08214;stroke-width:1.5}svg.chart circle.duration{fill:#e08214}
        svg.passfail .passed{fill:var(--ok)}svg.passfail .failed{fill:var(--bad);stroke:#000;stroke-width:1;stroke-dasharray:2 2}
        tr.added td:first-child::after{content:" (new)";color:var(--ok);font-weight:600}
        tr.removed td{color:var(--muted);text-decoration:line-through}
        .legend{color:var(--muted);font-size:13px}
        """
}
