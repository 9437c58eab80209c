import Testing
import Transform

@Suite struct ColumnNamingTests {
    @Test(arguments: [
        ("Marketing Start Date", "marketing_start_date"),
        ("Amount (USD)", "amount_usd"),
        ("patientId", "patient_id"),
        ("PatientID", "patient_id"),
        ("HTTPServer", "http_server"),
        ("HTTP2Server", "http2_server"),
        ("NDC11", "ndc11"),
        ("ndc11", "ndc11"),
        ("ndc11Code", "ndc11_code"),
        ("already_snake_case", "already_snake_case"),
        ("a__b", "a_b"),
        ("_id", "id"),
        ("id_", "id"),
        ("__id__", "id"),
        ("  spaced   out  ", "spaced_out"),
        ("dash-and.dot/slash", "dash_and_dot_slash"),
        ("ABC", "abc"),
        ("iPhone", "i_phone"),
        ("getHTTPResponseCode", "get_http_response_code"),
        ("2019 Sales", "_2019_sales"),
        ("1st", "_1st"),
        ("(2) Count", "_2_count"),
        ("Größe", "größe"),
        ("Prix €", "prix"),
        ("ÉtatCivil", "état_civil"),
        ("A", "a"),
        ("x1y2", "x1y2"),
        ("", "column"),
        ("   ", "column"),
        ("(?)", "column"),
        ("___", "column"),
    ])
    func snakeCase(_ name: String, _ expected: String) {
        #expect(ColumnNaming.snakeCase(name) == expected, "\(name)")
    }

    @Test(arguments: ["Marketing Start Date", "HTTPServer", "2019 Sales", "Amount (USD)", "x"])
    func isIdempotent(_ name: String) {
        let once = ColumnNaming.snakeCase(name)
        #expect(ColumnNaming.snakeCase(once) == once)
    }
}
