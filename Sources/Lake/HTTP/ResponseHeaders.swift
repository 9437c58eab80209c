/// The status and headers of the latest response in a transfer (redirects and `100 Continue`
/// start a new block, so only the final response's headers remain).
struct ResponseHeaders {
    private(set) var status = 0
    private(set) var fields: [String: String] = [:]

    mutating func consume(_ line: String) {
        let trimmed = line.trimming(["\r", "\n", "\r\n"])
        if trimmed.hasPrefix("HTTP/") {
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            fields = [:]
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = trimmed[..<colon].lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimming([" ", "\t"])
        fields[name] = value
    }

    subscript(_ name: String) -> String? { fields[name.lowercased()] }

    var contentLength: Int64? { self["content-length"].flatMap { Int64($0) } }

    /// `Content-Range: bytes start-end/total` → (start, total).
    var contentRange: (start: Int64, total: Int64?)? {
        guard let value = self["content-range"], value.hasPrefix("bytes ") else { return nil }
        let spec = value.dropFirst(6)
        let halves = spec.split(separator: "/", maxSplits: 1)
        guard let range = halves.first, let dash = range.firstIndex(of: "-"),
              let start = Int64(range[..<dash]) else { return nil }
        let total = halves.count > 1 ? Int64(halves[1]) : nil
        return (start, total)
    }
}

extension String {
    func trimming(_ set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

extension Substring {
    func trimming(_ set: Set<Character>) -> String { String(self).trimming(set) }
}
