import Testing
@testable import Lake

@Suite struct RedactionTests {
    @Test func removesUserInfo() {
        #expect(Redaction.redact("https://bob:s3cret@example.com/a/b.csv") == "https://REDACTED@example.com/a/b.csv")
        #expect(Redaction.redact("https://token@example.com/x") == "https://REDACTED@example.com/x")
    }

    @Test func removesSecretQueryValues() {
        let url = "https://bucket.s3.amazonaws.com/k.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=abcdef&X-Amz-Security-Token=tok&versionId=3"
        let redacted = Redaction.redact(url)
        #expect(redacted == "https://bucket.s3.amazonaws.com/k.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED&versionId=3")
        for secret in ["AKIA", "abcdef", "tok&"] { #expect(!redacted.contains(secret)) }
        #expect(Redaction.redact("http://h/p?token=1&sig=2&key=3&password=4&page=5#frag")
                == "http://h/p?token=REDACTED&sig=REDACTED&key=REDACTED&password=REDACTED&page=5#frag")
    }

    @Test func leavesOrdinaryURLsAlone() {
        for url in ["https://example.com/data.csv", "file:///tmp/x.csv", "s3://bucket/raw/a.csv", "http://h/p?a=1&b"] {
            #expect(Redaction.redact(url) == url)
        }
        // An @ in the path is not user-info.
        #expect(Redaction.redact("https://example.com/users/@me") == "https://example.com/users/@me")
    }

    @Test func redactsEveryURLInsideText() {
        let text = #"fetching https://bob:s3cret@example.com/a.csv?token=abc&page=2: HTTP 503; then "s3://bucket/k?X-Amz-Signature=f00d" and ftp://u:p@h/x"#
        #expect(Redaction.redactURLs(in: text)
                == #"fetching https://REDACTED@example.com/a.csv?token=REDACTED&page=2: HTTP 503; then "s3://bucket/k?X-Amz-Signature=REDACTED" and ftp://REDACTED@h/x"#)
        #expect(Redaction.redactURLs(in: "no urls here: a://") == "no urls here: a://")
        #expect(Redaction.redactURLs(in: "://x and plain") == "://x and plain")
        #expect(Redaction.redactURLs(in: "") == "")
    }
}
