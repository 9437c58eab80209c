/// Removes secrets from URLs before they reach an error message or a log line.
///
/// User-info (`user:password@`) and the values of query parameters that carry credentials
/// (pre-signed S3 URLs, API tokens) become `REDACTED`; everything else is kept so the URL
/// still says which resource was meant.
public enum Redaction {
    /// Query parameter names (compared case-insensitively) whose values are secrets.
    static let secretParameters: Set<String> = [
        "x-amz-signature", "x-amz-credential", "x-amz-security-token",
        "signature", "sig", "token", "access_token", "id_token", "refresh_token", "auth", "authorization",
        "key", "apikey", "api_key", "api-key", "secret", "client_secret", "password", "passwd", "pwd",
        "awsaccesskeyid", "x-goog-signature", "x-goog-credential", "client_id", "private_token",
    ]

    /// Returns `url` with user-info and secret query values replaced by `REDACTED`.
    public static func redact(_ url: String) -> String {
        var text = url
        var fragment = ""
        if let hash = text.firstIndex(of: "#") {
            fragment = String(text[hash...])
            text = String(text[..<hash])
        }
        var query: String?
        if let mark = text.firstIndex(of: "?") {
            query = String(text[text.index(after: mark)...])
            text = String(text[..<mark])
        }
        text = redactUserInfo(text)
        guard let query else { return text + fragment }
        let redactedQuery = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let eq = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<eq]
            let decodedName = (name.removingPercentEncodingLenient()).lowercased()
            return secretParameters.contains(decodedName) ? name + "=REDACTED" : String(pair)
        }.joined(separator: "&")
        return text + "?" + redactedQuery + fragment
    }

    /// Redacts every URL inside free text (a log line, an error's cause): each `scheme://…`
    /// run, up to whitespace, a quote or an angle bracket, goes through `redact(_:)`.
    public static func redactURLs(in text: String) -> String {
        guard text.contains("://") else { return text }
        let scalars = Array(text.unicodeScalars)
        func isSchemeCharacter(_ s: Unicode.Scalar) -> Bool {
            s.properties.isASCIIHexDigit || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "+" || s == "-" || s == "."
        }
        func endsURL(_ s: Unicode.Scalar) -> Bool {
            s.properties.isWhitespace || s == "\"" || s == "'" || s == "<" || s == ">" || s == "`"
        }
        var result = String.UnicodeScalarView()
        var copied = 0
        var index = 0
        while index + 2 < scalars.count {
            guard scalars[index] == ":", scalars[index + 1] == "/", scalars[index + 2] == "/" else {
                index += 1
                continue
            }
            var start = index
            while start > copied, isSchemeCharacter(scalars[start - 1]) { start -= 1 }
            var end = index + 3
            while end < scalars.count, !endsURL(scalars[end]) { end += 1 }
            guard start < index else {
                index += 3
                continue
            }
            result.append(contentsOf: scalars[copied..<start])
            var url = String.UnicodeScalarView()
            url.append(contentsOf: scalars[start..<end])
            result.append(contentsOf: redact(String(url)).unicodeScalars)
            copied = end
            index = end
        }
        result.append(contentsOf: scalars[copied...])
        return String(result)
    }

    /// `scheme://user:pass@host/...` → `scheme://REDACTED@host/...`.
    private static func redactUserInfo(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let authorityStart = schemeEnd.upperBound
        let rest = text[authorityStart...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return text }
        return String(text[..<authorityStart]) + "REDACTED" + String(text[at...])
    }
}

extension Substring {
    /// Percent-decodes, leaving malformed escapes as they are.
    func removingPercentEncodingLenient() -> String {
        var bytes = [UInt8]()
        var iterator = utf8.makeIterator()
        var pending = [UInt8]()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                pending = [byte]
                guard let h = iterator.next() else { bytes += pending; break }
                pending.append(h)
                guard let l = iterator.next() else { bytes += pending; break }
                pending.append(l)
                if let value = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                } else {
                    bytes += pending
                }
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
