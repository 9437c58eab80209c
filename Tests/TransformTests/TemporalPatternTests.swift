import Testing
import Transform

@Suite struct TemporalPatternTests {
    static func date(_ text: String) throws -> TemporalPattern { try TemporalPattern(text, kind: .date) }
    static func timestamp(_ text: String) throws -> TemporalPattern { try TemporalPattern(text, kind: .timestamp) }

    @Test func isoDateIsTheParsedDefault() throws {
        #expect(try Self.date("yyyy-MM-dd") == TemporalPattern.isoDate)
        #expect(TemporalPattern.isoDate.text == "yyyy-MM-dd")
        #expect(TemporalPattern.isoDate.description == "yyyy-MM-dd")
        #expect(CastInput.days("2024-02-29", .isoDate) == 19_782)
    }

    @Test(arguments: [
        ("yyyyMMdd", "20240229", 19_782), ("yyyy-MM-dd", "2024-02-29", 19_782), ("MM/dd/yyyy", "02/29/2024", 19_782),
        ("dd.MM.yyyy", "29.02.2024", 19_782), ("yyyyMMdd", "20000229", 11_016), ("yyyyMMdd", "19700101", 0),
        ("yyyyMMdd", "00000101", -719_528), ("yyyyMMdd", "99991231", 2_932_896), ("yyyy年MM月dd日", "2024年02月29日", 19_782),
        ("'y'yyyyMMdd", "y20240229", 19_782), ("yyyy''MMdd", "2024'0229", 19_782),
    ] as [(String, String, Int32)])
    func readsDates(_ pattern: String, _ text: String, _ days: Int32) throws {
        #expect(CastInput.days(text, try Self.date(pattern)) == days)
    }

    @Test(arguments: [
        ("yyyyMMdd", "20230229"), ("yyyyMMdd", "19000229"), ("yyyyMMdd", "20240230"), ("yyyyMMdd", "20240431"),
        ("yyyyMMdd", "20241301"), ("yyyyMMdd", "20240001"), ("yyyyMMdd", "20240100"), ("yyyyMMdd", "2024022"),
        ("yyyyMMdd", "202402290"), ("yyyyMMdd", "2024 229"), ("yyyyMMdd", "+2024011"), ("yyyyMMdd", ""),
        ("yyyyMMdd", "2024-02-29"), ("yyyy-MM-dd", "2024/02/29"), ("yyyy-MM-dd", "2024-2-29"),
        ("yyyy-MM-dd", "2024-02-29T00:00:00Z"), ("MM/dd/yyyy", "29/02/2024"), ("yyyyMMdd", "２０２４０２２９"),
    ])
    func rejectsDates(_ pattern: String, _ text: String) throws {
        #expect(CastInput.days(text, try Self.date(pattern)) == nil, "\(pattern) \(text)")
    }

    static let midnight2024: Int64 = 1_704_067_200_000_000

    @Test(arguments: [
        ("yyyy-MM-dd HH:mm:ss", "2024-01-01 00:00:00", midnight2024),
        ("yyyy-MM-dd HH:mm", "2024-01-01 00:01", midnight2024 + 60_000_000),
        ("yyyyMMddHHmmss", "20240101013000", midnight2024 + 5_400_000_000),
        ("dd/MM/yyyy HH:mm:ss.SSS", "01/01/2024 00:00:01.250", midnight2024 + 1_250_000),
        ("yyyy-MM-dd HH:mm:ss.SSSSSSSSS", "2024-01-01 00:00:00.123456789", midnight2024 + 123_456),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-01T01:00:00+01:00", midnight2024),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-01T00:00:00Z", midnight2024),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2023-12-31T19:00:00-05:00", midnight2024),
        ("yyyy-MM-dd'T'HH:mm:ssXX", "2024-01-01T01:00:00+0100", midnight2024),
        ("yyyy-MM-dd'T'HH:mm:ssX", "2024-01-01T01:00:00+01", midnight2024),
        ("yyyy-MM-dd HH:mm:ss XXX", "2024-01-01 00:00:00 z", midnight2024),
    ] as [(String, String, Int64)])
    func readsTimestamps(_ pattern: String, _ text: String, _ micros: Int64) throws {
        #expect(CastInput.micros(text, try Self.timestamp(pattern)) == micros)
    }

    @Test(arguments: [
        ("yyyy-MM-dd HH:mm:ss", "2024-01-01 24:00:00"), ("yyyy-MM-dd HH:mm:ss", "2024-01-01 00:60:00"),
        ("yyyy-MM-dd HH:mm:ss", "2024-01-01 00:00:60"), ("yyyy-MM-dd HH:mm:ss", "2024-01-01 00:00"),
        ("yyyy-MM-dd HH:mm:ss", "2024-01-01 00:00:00Z"), ("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-01 00:00:00.12"),
        ("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-01 00:00:00.1234"), ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-01T00:00:00"),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-01T00:00:00+0100"), ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-01T00:00:00+24:00"),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-01T00:00:00+01:60"), ("yyyy-MM-dd'T'HH:mm:ssXX", "2024-01-01T00:00:00+01:00"),
        ("yyyy-MM-dd HH:mm:ss", "2023-02-29 00:00:00"),
    ])
    func rejectsTimestamps(_ pattern: String, _ text: String) throws {
        #expect(CastInput.micros(text, try Self.timestamp(pattern)) == nil, "\(pattern) \(text)")
    }

    @Test func dateAndTimestampViewsOfEachOther() throws {
        #expect(CastInput.micros("2024-01-01", .isoDate) == Self.midnight2024)
        let zoned = try Self.timestamp("yyyy-MM-dd HH:mm:ssXXX")
        #expect(CastInput.days("2024-01-01 00:30:00+01:00", zoned) == 19_722)   // 2023-12-31 UTC
        #expect(CastInput.days("1969-12-31 23:59:59Z", zoned) == -1)
    }

    @Test(arguments: [
        ("YYYY-MM-dd", TemporalPattern.Kind.date, TemporalPatternError.unknownToken("YYYY", pattern: "YYYY-MM-dd", kind: .date)),
        ("yyyy-MM-DD", .date, .unknownToken("DD", pattern: "yyyy-MM-DD", kind: .date)),
        ("yy-MM-dd", .date, .unknownToken("yy", pattern: "yy-MM-dd", kind: .date)),
        ("yyyyy-MM-dd", .date, .unknownToken("yyyyy", pattern: "yyyyy-MM-dd", kind: .date)),
        ("yyyy-M-dd", .date, .unknownToken("M", pattern: "yyyy-M-dd", kind: .date)),
        ("yyyy-MMM-dd", .date, .unknownToken("MMM", pattern: "yyyy-MMM-dd", kind: .date)),
        ("yyyy-MM-ddTHH:mm:ss", .timestamp, .unknownToken("T", pattern: "yyyy-MM-ddTHH:mm:ss", kind: .timestamp)),
        ("yyyy-MM-dd hh:mm", .timestamp, .unknownToken("hh", pattern: "yyyy-MM-dd hh:mm", kind: .timestamp)),
        ("yyyy-MM-dd HH:mm:ss.SSSSSSSSSS", .timestamp, .unknownToken("SSSSSSSSSS", pattern: "yyyy-MM-dd HH:mm:ss.SSSSSSSSSS", kind: .timestamp)),
        ("yyyy-MM-dd HH:mm:ssXXXX", .timestamp, .unknownToken("XXXX", pattern: "yyyy-MM-dd HH:mm:ssXXXX", kind: .timestamp)),
        ("yyyy-MM-dd HH:mm:ssZ", .timestamp, .unknownToken("Z", pattern: "yyyy-MM-dd HH:mm:ssZ", kind: .timestamp)),
        ("yyyy-mm-dd", .date, .timeTokenInDatePattern("mm", pattern: "yyyy-mm-dd")),
        ("yyyy-MM-dd HH", .date, .timeTokenInDatePattern("HH", pattern: "yyyy-MM-dd HH")),
        ("yyyy-MM-ddXXX", .date, .timeTokenInDatePattern("XXX", pattern: "yyyy-MM-ddXXX")),
        ("yyyy-MM-dd-dd", .date, .repeatedToken("dd", pattern: "yyyy-MM-dd-dd")),
        ("yyyyMMddyyyy", .date, .repeatedToken("yyyy", pattern: "yyyyMMddyyyy")),
        ("yyyy-MM-dd HH:mm:ss.SSS.SS", .timestamp, .repeatedToken("SS", pattern: "yyyy-MM-dd HH:mm:ss.SSS.SS")),
        ("yyyy-MM-dd HH:mm:ssXXX X", .timestamp, .repeatedToken("X", pattern: "yyyy-MM-dd HH:mm:ssXXX X")),
        ("yyyy-MM", .date, .missingToken("dd", pattern: "yyyy-MM")),
        ("MM/dd", .date, .missingToken("yyyy", pattern: "MM/dd")),
        ("", .date, .missingToken("yyyy", pattern: "")),
        ("yyyy-MM-dd", .timestamp, .missingToken("HH", pattern: "yyyy-MM-dd")),
        ("yyyy-MM-dd HH", .timestamp, .missingToken("mm", pattern: "yyyy-MM-dd HH")),
        ("yyyy-MM-dd HH:mm.SSS", .timestamp, .missingToken("ss", pattern: "yyyy-MM-dd HH:mm.SSS")),
        ("yyyy-MM-dd'T", .date, .unterminatedQuote(pattern: "yyyy-MM-dd'T")),
    ])
    func refusesBadPatterns(_ text: String, _ kind: TemporalPattern.Kind, _ expected: TemporalPatternError) {
        #expect(throws: expected) { try TemporalPattern(text, kind: kind) }
    }

    @Test func errorTextsNameTheProblem() {
        func message(_ text: String, _ kind: TemporalPattern.Kind) -> String {
            do {
                _ = try TemporalPattern(text, kind: kind)
                return ""
            } catch {
                return error.description
            }
        }
        #expect(message("YYYY-MM-dd", .date).contains("'YYYY'"))
        #expect(message("YYYY-MM-dd", .date).contains("yyyy"))
        #expect(message("yyyy-mm-dd", .date).contains("the month is MM"))
        #expect(message("yyyy-MM-ddTHH:mm", .timestamp).contains("'T'"))
        #expect(message("yyyy-MM-dd-dd", .date).contains("more than once"))
        #expect(message("yyyy-MM", .date).contains("lacks 'dd'"))
        #expect(message("yyyy-MM-dd'", .date).contains("unterminated quote"))
    }
}
