import Foundation
import Manifest
import StateMachine

/// How the report writes numbers, sizes, shares and times: thousands separators, binary units,
/// UTC with the zone shown. Locale-independent, so every reader sees the same page.
public enum Figures {
    /// 1234567 → "1,234,567".
    public static func count(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    static func count(_ value: Int) -> String { count(Int64(value)) }

    /// 256_901_120 → "245.0 MiB"; under 1 KiB in bytes.
    public static func bytes(_ value: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard value >= 1024 else { return "\(count(value)) B" }
        var scaled = Double(value) / 1024
        var unit = 0
        while scaled >= 1024 && unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return String(format: "%.1f %@", scaled, units[unit])
    }

    /// 0.2499 → "25.0 %"; tiny non-zero shares stay visible ("< 0.1 %").
    static func percent(_ share: Double) -> String {
        if share > 0 && share < 0.001 { return "< 0.1 %" }
        return String(format: "%.1f %%", share * 100)
    }

    static func duration(_ seconds: Double) -> String { StateRunMark.duration(seconds) }

    /// "2026-11-30 06:06:55 UTC", from the manifest's own timestamp text.
    static func time(_ date: Date) -> String {
        let iso = Timestamps.format(date)  // 2026-11-30T06:06:55.648Z
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(8) + " UTC"
    }

    /// "06:06:55.648": a state's start within a run's page, whose header names the day and zone.
    static func clock(_ date: Date) -> String {
        String(Timestamps.format(date).dropFirst(11).prefix(12))
    }
}
