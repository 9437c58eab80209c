import Foundation
import Lake

/// The report's charts, drawn as inline SVG by our own code: no script, no library, nothing
/// fetched. Colours come from the page's style sheet through classes named for a status
/// (`succeeded`, `failed`, …), and every mark also carries text or a tooltip, so colour is
/// never the only cue.
enum SVGChart {
    /// One run on a small multiple: its rows (a bar) and its duration (a point on a line).
    struct RunPoint {
        var tooltip: String
        var rows: Int64?
        var seconds: Double?
        /// Class of the bar and of the marker below it (`succeeded`, `failed`, `skipped`, …).
        var status: String
        /// Drawn under the bar when the run has no rows of its own (✗ for failed, – for skipped).
        var symbol: String
    }

    /// Bars of rows per run with the duration as a line over them, oldest run on the left.
    static func runs(_ points: [RunPoint], width: Int = 240, height: Int = 56, caption: String) -> String {
        guard !points.isEmpty else { return "<span class=\"muted\">no runs yet</span>" }
        let top = 6.0, bottom = Double(height) - 12
        let slot = Double(width) / Double(points.count)
        let barWidth = max(2, min(18, slot * 0.7))
        let maxRows = Double(points.compactMap(\.rows).max() ?? 0)
        let maxSeconds = points.compactMap(\.seconds).max() ?? 0
        var out = "<svg class=\"chart\" role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        out += "<title>\(XMLText.escape(caption))</title>"
        out += "<line class=\"axis\" x1=\"0\" y1=\"\(f(bottom))\" x2=\"\(width)\" y2=\"\(f(bottom))\"/>"
        var line: [(x: Double, y: Double)] = []
        for (index, point) in points.enumerated() {
            let center = slot * (Double(index) + 0.5)
            out += "<g class=\"run \(point.status)\"><title>\(XMLText.escape(point.tooltip))</title>"
            if let rows = point.rows, maxRows > 0 {
                let h = max(1, (bottom - top) * Double(rows) / maxRows)
                out += "<rect class=\"bar\" x=\"\(f(center - barWidth / 2))\" y=\"\(f(bottom - h))\" width=\"\(f(barWidth))\" height=\"\(f(h))\"/>"
            } else {
                out += "<text class=\"marker\" x=\"\(f(center))\" y=\"\(f(bottom - 2))\" text-anchor=\"middle\">\(point.symbol)</text>"
            }
            out += "</g>"
            if let seconds = point.seconds, maxSeconds > 0 {
                line.append((center, bottom - (bottom - top) * seconds / maxSeconds))
            }
        }
        if line.count > 1 {
            out += "<polyline class=\"duration\" points=\"\(line.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " "))\"/>"
        }
        for point in line { out += "<circle class=\"duration\" r=\"2\" cx=\"\(f(point.x))\" cy=\"\(f(point.y))\"/>" }
        out += "<text class=\"scale\" x=\"0\" y=\"\(height - 1)\">\(XMLText.escape(caption))</text>"
        return out + "</svg>"
    }

    /// One labelled horizontal bar per item, scaled to the largest (or to `scale`).
    struct Bar {
        var label: String
        var value: Double
        var text: String
        var status: String = "neutral"
    }

    static func horizontalBars(_ bars: [Bar], scale: Double? = nil, width: Int = 560, caption: String) -> String {
        guard !bars.isEmpty else { return "" }
        let labelWidth = 190.0, textWidth = 130.0, row = 22.0
        let area = Double(width) - labelWidth - textWidth
        let top = scale ?? (bars.map(\.value).max() ?? 0)
        let height = Int(row * Double(bars.count) + 4)
        var out = "<svg class=\"chart\" role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        out += "<title>\(XMLText.escape(caption))</title>"
        for (index, bar) in bars.enumerated() {
            let y = row * Double(index) + 2
            let w = top > 0 ? max(bar.value > 0 ? 1 : 0, area * bar.value / top) : 0
            out += "<g class=\"\(bar.status)\"><title>\(XMLText.escape("\(bar.label): \(bar.text)"))</title>"
            out += "<text class=\"label\" x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(XMLText.escape(clip(bar.label, 28)))</text>"
            out += "<rect class=\"track\" x=\"\(f(labelWidth))\" y=\"\(f(y + 3))\" width=\"\(f(area))\" height=\"14\"/>"
            out += "<rect class=\"bar\" x=\"\(f(labelWidth))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"14\"/>"
            out += "<text class=\"value\" x=\"\(f(labelWidth + area + 6))\" y=\"\(f(y + 15))\">\(XMLText.escape(bar.text))</text></g>"
        }
        return out + "</svg>"
    }

    /// A bar split into passed (solid) and failed (hatched) shares of the rows checked.
    static func passFail(passed: Int64, failed: Int64, width: Int = 180) -> String {
        let total = Double(passed + failed)
        let failedWidth = total > 0 ? max(failed > 0 ? 2 : 0, Double(width) * Double(failed) / total) : 0
        var out = "<svg class=\"chart passfail\" role=\"img\" width=\"\(width)\" height=\"14\" viewBox=\"0 0 \(width) 14\">"
        out += "<title>\(Figures.count(passed)) passed, \(Figures.count(failed)) failed</title>"
        out += "<rect class=\"passed\" x=\"0\" y=\"1\" width=\"\(f(Double(width) - failedWidth))\" height=\"12\"/>"
        if failedWidth > 0 {
            out += "<rect class=\"failed\" x=\"\(f(Double(width) - failedWidth))\" y=\"1\" width=\"\(f(failedWidth))\" height=\"12\"/>"
        }
        return out + "</svg>"
    }

    /// A state of a run on the timeline.
    struct Span {
        var state: String
        var offset: Double?
        var seconds: Double?
        var status: String
        var text: String
    }

    /// States as bars along the run's clock (a Gantt chart), one row each in the order entered.
    static func timeline(_ spans: [Span], total: Double, width: Int = 900, caption: String) -> String {
        let labelWidth = 170.0, textWidth = 230.0, row = 22.0
        let area = Double(width) - labelWidth - textWidth
        let height = Int(row * Double(spans.count) + 20)
        var out = "<svg class=\"chart timeline\" role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        out += "<title>\(XMLText.escape(caption))</title>"
        for (index, span) in spans.enumerated() {
            let y = row * Double(index)
            out += "<g class=\"span \(span.status)\"><title>\(XMLText.escape("\(span.state): \(span.text)"))</title>"
            out += "<text class=\"label\" x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(XMLText.escape(clip(span.state, 24)))</text>"
            var end = labelWidth
            if let offset = span.offset {
                let x = labelWidth + (total > 0 ? area * offset / total : 0)
                let w = max(2, total > 0 ? area * (span.seconds ?? 0) / total : 2)
                out += "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"15\"/>"
                end = x + w
            }
            out += "<text class=\"value\" x=\"\(f(end + 6))\" y=\"\(f(y + 15))\">\(XMLText.escape(span.text))</text></g>"
        }
        let axis = row * Double(spans.count) + 4
        out += "<line class=\"axis\" x1=\"\(f(labelWidth))\" y1=\"\(f(axis))\" x2=\"\(f(labelWidth + area))\" y2=\"\(f(axis))\"/>"
        out += "<text class=\"scale\" x=\"\(f(labelWidth))\" y=\"\(f(axis + 13))\">0</text>"
        out += "<text class=\"scale\" x=\"\(f(labelWidth + area))\" y=\"\(f(axis + 13))\" text-anchor=\"end\">\(XMLText.escape(Figures.duration(total)))</text>"
        return out + "</svg>"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func clip(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }
}
