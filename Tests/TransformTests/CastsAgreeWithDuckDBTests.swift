import Foundation
import Testing
import TestSupport
import Transform

/// Differential test: our casts against DuckDB's on a few hundred tricky inputs (fixed lists plus
/// seeded random ones). DuckDB computes `TRY_CAST(trim(x) AS BIGINT | DOUBLE | BOOLEAN)`,
/// `TRY_STRPTIME(trim(x), '%Y%m%d')::DATE` and `TRY_CAST(trim(x) AS TIMESTAMPTZ)` with
/// TimeZone UTC; we compute the same casts on `ValueCasts.trimmed(x)`.
///
/// Where DuckDB is deliberately more lenient (or, rarely, stricter) than the DESIGN contract, the
/// input is excluded from the comparison by a named rule below, and we check the contract instead
/// (mostly: our cast must fail). Everywhere else the results must be identical, doubles by bit
/// pattern.
@Suite struct CastsAgreeWithDuckDBTests {
    /// One row of DuckDB results, every value as text (null where DuckDB's TRY_ returned NULL).
    struct DuckRow: Decodable {
        let int64: String?
        let doubleBits: String?
        let boolean: String?
        let days: String?
        let micros: String?
        let patternMicros: String?
    }

    static func duckDB(_ inputs: [String]) throws -> [DuckRow] {
        let script = """
            import duckdb, json, struct, sys
            xs = json.load(sys.stdin)
            con = duckdb.connect()
            con.execute("SET TimeZone = 'UTC'")
            con.execute("CREATE TABLE t (i INTEGER, x VARCHAR)")
            con.executemany("INSERT INTO t VALUES (?, ?)", [[i, x] for i, x in enumerate(xs)])
            rows = con.execute('''
                SELECT CAST(TRY_CAST(trim(x) AS BIGINT) AS VARCHAR),
                       TRY_CAST(trim(x) AS DOUBLE),
                       CAST(TRY_CAST(trim(x) AS BOOLEAN) AS VARCHAR),
                       CAST(TRY_STRPTIME(trim(x), '%Y%m%d')::DATE - DATE '1970-01-01' AS VARCHAR),
                       CAST(epoch_us(TRY_CAST(trim(x) AS TIMESTAMPTZ)) AS VARCHAR),
                       CAST(epoch_us(TRY_STRPTIME(trim(x), '%Y-%m-%d %H:%M:%S')) AS VARCHAR)
                FROM t ORDER BY i''').fetchall()
            def bits(d):
                return None if d is None else str(struct.unpack('<q', struct.pack('<d', d))[0])
            print(json.dumps([{"int64": a, "doubleBits": bits(b), "boolean": c, "days": d, "micros": e, "patternMicros": f}
                              for a, b, c, d, e, f in rows]))
            """
        let input = String(decoding: try JSONEncoder().encode(inputs), as: UTF8.self)
        let result = try runProcess(TestEnvironment.python, ["-c", script], stdin: input)
        guard result.status == 0 else {
            throw DuckDBFailed(message: result.stderr)
        }
        let rows = try JSONDecoder().decode([DuckRow].self, from: Data(result.stdout.utf8))
        guard rows.count == inputs.count else { throw DuckDBFailed(message: "\(rows.count) rows for \(inputs.count) inputs") }
        return rows
    }

    struct DuckDBFailed: Error, CustomStringConvertible {
        let message: String
        var description: String { "DuckDB script failed: \(message)" }
    }

    // MARK: Inputs

    static let fixedInputs: [String] = [
        // whitespace and empties
        "", " ", "\t", " 1 ", "\t1\t", "\n1\r\n", "\u{A0}1", "1\u{3000}", "\u{2003}true", " true ", "\ttrue",
        // integers
        "0", "-0", "+0", "007", "-007", "+7", "--7", "+-7", "-", "+", "12a", "a12", "1 2",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "+9223372036854775807", "00000000000000000000009223372036854775807", "18446744073709551615",
        "99999999999999999999999999", "1.0", "1.5", "-2.5", "1e3", "1E3", "0x10", "0X1f", "0b101", "1_000", "1,000",
        // doubles
        "1", "-1.5", ".5", "5.", "+.5", "-.5", ".", "-.", "1e10", "1.5E-3", "1E+05", "+1e+5", "1e", "1e+", "e5", ".e5",
        "00.5", "0.1", "0.2", "0.3", "0.30000000000000004", "3.141592653589793238462643383279", "1e22", "1e23",
        "9007199254740993", "9007199254740992.5", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "1e308", "1e309", "-1e309", "4.9e-324", "2.4703282292062328e-324",
        "2.4703282292062327e-324", "1e-400", "-1e-400", "2.2250738585072011e-308", "2.2250738585072014e-308",
        "0e0", "0e99999", "1e-99999", "123456789012345678901234567890", "0.000000000000000000000000000001",
        "nan", "NaN", "-nan", "inf", "-inf", "+inf", "Infinity", "-Infinity", "infinity", "INF", "0x1p3", "1_0.5",
        "1.5d", "1.5f", "1..5", "1.5.2", "1e5e5", "１",
        // booleans
        "true", "TRUE", "True", "tRuE", "false", "FALSE", "yes", "YES", "no", "No", "y", "Y", "n", "N",
        "t", "T", "f", "F", "on", "off", "2", "-1", "01", "00", "tru", "yess",
        // dates for %Y%m%d
        "20240229", "20230229", "19000229", "20000229", "21000229", "16000229", "20240230", "20240431", "20240430",
        "20241301", "20240001", "20240100", "20240132", "00000101", "00010101", "99991231", "19700101", "19691231",
        "2024022", "202402290", "2024 229", "+2024011", "-2024011", "2024-02-29", "２０２４０２２９",
        // timestamps
        "2024-01-01T00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01t00:00:00z", "2024-01-01T00:00:00z",
        "2024-01-01t00:00:00Z", "2024-01-01T00:00:00+01:00", "2024-01-01T00:00:00+0100", "2024-01-01T00:00:00+01",
        "2024-01-01T00:00:00-05:30", "2024-01-01T00:00:00-00:00", "2024-01-01T00:00:00",
        "2024-01-01 00:00:00", "2024-01-01", "2024-01-01T00:00:60Z", "2024-12-31T23:59:60Z",
        "2024-01-01T00:00:00.1234567Z", "2024-01-01T00:00:00.9999999Z", "1969-12-31T23:59:59.9999999Z",
        "1969-12-31T23:59:59.999999Z", "2024-01-01T00:00:00.123456789012Z", "2024-01-01T00:00:00.5+01:00",
        "2024-01-01T24:00:00Z", "2024-01-01T00:00Z", "2024-01-01T00:00:00 Z", "2024-01-01T00:00:00+1:00",
        "2024-01-01T00:00:00+01:0", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+23:59",
        "2024-01-01T00:00:00+00:60", "2024-01-01T00:00:00UTC", "2024-01-01T00:00:00+01:00:30",
        "2024-1-1T00:00:00Z", "2024-01-01T0:00:00Z", "-2024-01-01T00:00:00Z", "12024-01-01T00:00:00Z",
        "2024-01-01T00:00:00.Z", "0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
        "2024-02-30T00:00:00Z", "2023-02-29T12:00:00Z", "2024-02-29T12:00:00+14:00", "2024-01-01T00:00:00+01:00Z",
    ]

    /// Seeded random inputs around each cast's edges.
    static func randomInputs() -> [String] {
        var g = SeededGenerator(seed: 0xD0C_DB)
        var out: [String] = []
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(Int.random(in: 0...9, using: &g))) }) }
        func pick(_ options: [String]) -> String { options[Int.random(in: 0..<options.count, using: &g)] }
        // Integers near the Int64 limits and with signs / leading zeros.
        for _ in 0..<60 {
            let sign = pick(["", "", "-", "+"])
            let zeros = String(repeating: "0", count: Int.random(in: 0...2, using: &g))
            out.append(sign + zeros + pick(["922337203685477580", "92233720368547758", "1", ""]) + digits(Int.random(in: 0...3, using: &g)))
        }
        // Doubles: mantissas of 1–25 digits, an optional dot, an optional exponent.
        for _ in 0..<120 {
            let n = Int.random(in: 1...25, using: &g)
            var text = pick(["", "-", "+"])
            let dot = Int.random(in: 0...n, using: &g)
            for i in 0...n where i < n || dot == n {
                if i == dot { text += "." }
                if i < n { text += digits(1) }
            }
            if Bool.random(using: &g) { text += pick(["e", "E"]) + pick(["", "-", "+"]) + String(Int.random(in: 0...330, using: &g)) }
            out.append(text)
        }
        // Dates: yyyyMMdd with days 28–32 and months 0–13 around leap years.
        for _ in 0..<60 {
            let year = pick(["2024", "2023", "1900", "2000", "2100", "0000", "0004", "9999", "1970"])
            let month = String(format: "%02d", Int.random(in: 0...13, using: &g))
            let day = pick(["00", "01", "28", "29", "30", "31", "32", String(format: "%02d", Int.random(in: 0...32, using: &g))])
            out.append(year + month + day)
        }
        // Timestamps with random fields, fractions and zones (some deliberately out of range).
        for _ in 0..<120 {
            let date = pick(["2024-02-29", "2023-02-29", "1969-12-31", "1970-01-01", "2000-01-01", "0001-01-01", "9999-12-31", "2024-13-01"])
            let separator = pick(["T", " ", "T", "t"])
            let time = String(format: "%02d:%02d:%02d", Int.random(in: 0...24, using: &g),
                              Int.random(in: 0...60, using: &g), pick(["00", "59", "60", "30"]) == "60" ? 60 : Int.random(in: 0...59, using: &g))
            let fraction = pick(["", "", ".", ".5", "." + digits(3), "." + digits(6), "." + digits(7), "." + digits(12)])
            let zone = pick(["Z", "z", "", "+00:00", "-00:00", "+05:30", "-08:00", "+0530", "-0800", "+05", "-11",
                             "+14:00", "+23:59", "+24:00", "+01:60", "-12:45"])
            out.append(date + separator + time + fraction + zone)
        }
        // Zone-less timestamps for the `yyyy-MM-dd HH:mm:ss` pattern.
        for _ in 0..<80 {
            let date = pick(["2024-02-29", "2023-02-29", "1969-12-31", "1970-01-01", "0000-01-01", "9999-12-31", "2024-00-10"])
            out.append(date + " " + String(format: "%02d:%02d:%02d", Int.random(in: 0...24, using: &g),
                                           Int.random(in: 0...60, using: &g), Int.random(in: 0...60, using: &g)))
        }
        return out
    }

    // MARK: Contract exclusions (each names the DESIGN rule it stands for)

    static func bytesOf(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func ourTrimmed(_ text: String) -> String { CastInput.trimmed(text) }

    /// Rule "trim = ASCII whitespace": DuckDB's trim() removes Unicode space separators (NBSP,
    /// U+2003, U+3000 …) and keeps tabs/CR/LF; the contract is the other way round.
    static func hasUnicodeSpaceAtEdges(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        return [first, last].contains { $0.value > 0x7F && $0.properties.isWhitespace }
    }

    /// Rule "trim = ASCII whitespace": tab, CR, LF, VT, FF at the edges are trimmed by us; DuckDB's
    /// trim() keeps them and only some of its casts skip them.
    static func hasNonSpaceASCIIWhitespaceAtEdges(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return [first, last].contains { $0 >= 0x09 && $0 <= 0x0D }
    }

    /// The contract's boolean words, spelled out independently of `ValueCasts.boolean`.
    static func listedBoolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes", "y": return true
        case "false", "0", "no", "n": return false
        default: return nil
        }
    }

    @Test func agreeWithDuckDB() throws {
        let inputs = Self.fixedInputs + Self.randomInputs()
        let duck = try Self.duckDB(inputs)
        var compared = (int64: 0, double: 0, boolean: 0, date: 0, timestamp: 0, pattern: 0)
        let secondsPattern = try TemporalPattern("yyyy-MM-dd HH:mm:ss", kind: .timestamp)
        let yyyyMMdd = try TemporalPattern("yyyyMMdd", kind: .date)
        let strictRFC3339 = try Regex(#"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]([0-9]{2}):[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-]([0-9]{2})(:?([0-9]{2}))?)$"#)

        for (x, d) in zip(inputs, duck) {
            let t = Self.ourTrimmed(x)
            let unicodeEdge = Self.hasUnicodeSpaceAtEdges(x)
            let asciiEdge = Self.hasNonSpaceASCIIWhitespaceAtEdges(x)

            // int64 ------------------------------------------------------------------------
            let ourInt = CastInput.int64(t)
            if unicodeEdge {
                #expect(ourInt == nil, "int64 \(x.debugDescription): Unicode spaces are not trimmed")
            } else if t.contains(where: { ".eExXbBoO_".contains($0) }) {
                // Rule "int64 = optional sign and digits only": DuckDB rounds decimals ('1.5' → 2),
                // reads exponents ('1e3'), hex/binary ('0x10', '0b101') and digit separators ('1_000').
                #expect(ourInt == nil, "int64 \(x.debugDescription): not sign-and-digits")
            } else {
                #expect(ourInt.map { String($0) } == d.int64, "int64 \(x.debugDescription)")
                compared.int64 += 1
            }

            // double -----------------------------------------------------------------------
            let ourDouble = CastInput.double(t)
            let letters = t.lowercased().filter { $0.isLetter }
            if unicodeEdge {
                #expect(ourDouble == nil, "double \(x.debugDescription): Unicode spaces are not trimmed")
            } else if ["nan", "inf", "infinity"].contains(letters) {
                // Rule "double: no NaN/Infinity": DuckDB reads nan/inf/infinity in any case.
                #expect(ourDouble == nil, "double \(x.debugDescription): NaN/Infinity")
            } else if t.contains("_") {
                // Rule "double = decimal or exponent": DuckDB skips '_' digit separators.
                #expect(ourDouble == nil, "double \(x.debugDescription): digit separator")
            } else if t.hasPrefix("+-") || t.hasPrefix("-+") || t.hasPrefix("--") || t.hasPrefix("++") {
                // Rule "double = decimal or exponent" (one optional sign): DuckDB reads '+-7' as -7.
                #expect(ourDouble == nil, "double \(x.debugDescription): two signs")
            } else if let bits = d.doubleBits, let duckValue = Int64(bits).map({ Double(bitPattern: UInt64(bitPattern: $0)) }),
                      duckValue.isInfinite {
                // Rule "out-of-range fails": DuckDB rounds overflowing decimals to ±infinity.
                #expect(ourDouble == nil, "double \(x.debugDescription): overflow")
            } else {
                #expect(ourDouble.map { String(Int64(bitPattern: $0.bitPattern)) } == d.doubleBits,
                        "double \(x.debugDescription): ours \(String(describing: ourDouble))")
                compared.double += 1
            }

            // boolean ----------------------------------------------------------------------
            let ourBoolean = CastInput.boolean(t)
            if unicodeEdge || asciiEdge {
                // Trim rule (see above); DuckDB's BOOLEAN cast refuses surrounding tabs/newlines.
                #expect(ourBoolean == (unicodeEdge ? nil : Self.listedBoolean(t)), "boolean \(x.debugDescription)")
            } else if ["t", "f"].contains(t.lowercased()) {
                // Rule "boolean = exactly the listed words": DuckDB also reads t/f.
                #expect(ourBoolean == nil, "boolean \(x.debugDescription): t/f are not listed")
            } else {
                #expect(ourBoolean.map { $0 ? "true" : "false" } == d.boolean, "boolean \(x.debugDescription)")
                compared.boolean += 1
            }

            // date yyyyMMdd ----------------------------------------------------------------
            let ourDays = CastInput.days(t, yyyyMMdd)
            if unicodeEdge {
                #expect(ourDays == nil, "date \(x.debugDescription): Unicode spaces are not trimmed")
            } else if ["infinity", "-infinity"].contains(t.lowercased()) {
                // Rule "a real calendar date": DuckDB's strptime reads DuckDB's special infinite dates.
                #expect(ourDays == nil, "date \(x.debugDescription): not a calendar date")
            } else if t.utf8.count != 8 {
                // Rule "MM and dd are two digits each, yyyy four": DuckDB's %m/%d also take one digit
                // ('2024022' → 2024-02-02), so only 8-byte inputs can agree.
                #expect(ourDays == nil, "date \(x.debugDescription): fields are fixed-width")
            } else {
                #expect(ourDays.map { String($0) } == d.days, "date \(x.debugDescription)")
                compared.date += 1
            }

            // timestamp (RFC 3339) ---------------------------------------------------------
            let ourMicros = CastInput.rfc3339(t)
            let shape = t.wholeMatch(of: strictRFC3339)
            if unicodeEdge {
                #expect(ourMicros == nil, "timestamp \(x.debugDescription): Unicode spaces are not trimmed")
            } else if shape == nil {
                // Rule "RFC 3339 with Z or an offset": DuckDB also reads zone-less text (as UTC),
                // dates alone, HH:MM without seconds, one-digit fields, 5-digit or signed years,
                // an empty fraction and ±HH:MM:SS offsets. None of them is RFC 3339.
                #expect(ourMicros == nil, "timestamp \(x.debugDescription): not RFC 3339")
            } else if t.contains("t") || t.contains("z") {
                // RFC 3339 §5.6 allows lower-case t and z; DuckDB rejects them. Ours must read them
                // as the upper-case letters.
                #expect(ourMicros == CastInput.rfc3339(t.uppercased()), "timestamp \(x.debugDescription): lower case")
            } else if let match = shape, Int(match.output[1].substring ?? "") == 24
                        || (match.output[4].substring.flatMap { Int($0) } ?? 0) > 23
                        || (match.output[6].substring.flatMap { Int($0) } ?? 0) > 59 {
                // Rule "RFC 3339": hour 24 (DuckDB: next midnight), offset hour 24 and offset minutes
                // 60+ are outside RFC 3339's ranges; DuckDB reads them.
                #expect(ourMicros == nil, "timestamp \(x.debugDescription): field out of range")
            } else {
                // Leap seconds (ss = 60) land here: DuckDB and we both refuse them.
                #expect(ourMicros.map { String($0) } == d.micros, "timestamp \(x.debugDescription)")
                compared.timestamp += 1
            }

            // timestamp pattern yyyy-MM-dd HH:mm:ss (UTC) -----------------------------------
            let ourPatternMicros = CastInput.micros(t, secondsPattern)
            if unicodeEdge {
                #expect(ourPatternMicros == nil, "pattern \(x.debugDescription): Unicode spaces are not trimmed")
            } else if t.utf8.count != 19 {
                // Rule "two digits each, four for the year": DuckDB's %m %d %H %M %S take one digit too.
                #expect(ourPatternMicros == nil, "pattern \(x.debugDescription): fields are fixed-width")
            } else {
                #expect(ourPatternMicros.map { String($0) } == d.patternMicros, "pattern \(x.debugDescription)")
                compared.pattern += 1
            }
        }
        // The comparison must not be excluded away.
        #expect(compared.int64 >= 100 && compared.double >= 150 && compared.boolean >= 200
                && compared.date >= 80 && compared.timestamp >= 60 && compared.pattern >= 60, "compared: \(compared)")
        print("CastsAgreeWithDuckDB: \(inputs.count) inputs; compared \(compared)")
    }
}
