import Foundation
import Testing
import TestSupport

/// `source.glob` on S3 (moto on loopback): the listing follows continuation tokens (the
/// matching keys sort after the first 1,000), only matching keys are read, in key order.
@Suite(.serialized) struct ManyFilesS3GlobRunTests {
    @Test func anS3GlobListsEveryPageAndLandsTheMatches() throws {
        let moto = try MotoServer(bucket: "landing-e2e")
        defer { moto.stop() }
        let workspace = try PipelineWorkspace("many-files-s3")
        defer { workspace.remove() }
        let upload = try moto.boto3("""
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda i: s3.put_object(Bucket=bucket, Key=f"in/a-{i:04d}.txt", Body=b"not a csv"), range(1000)))
            s3.put_object(Bucket=bucket, Key="in/p-1.csv", Body=b"id,name\\n1,Ann\\n2,Bob\\n")
            s3.put_object(Bucket=bucket, Key="in/p-2.csv", Body=b"id,name\\n3,Cy\\n")
            s3.put_object(Bucket=bucket, Key="in/sub/p-3.csv", Body=b"id,name\\n9,deeper\\n")
            s3.put_object(Bucket=bucket, Key="in/z-4.csv", Body=b"id,name\\n4,Dee\\n")
            """)
        #expect(upload.status == 0, "\(upload.stderr)")
        try workspace.write("datasets/people.json", """
            {"dataset": "people", "source": {"glob": "s3://landing-e2e/in/*.csv", "format": "csv"}}
            """)
        let run = try workspace.medallion(["run", "people", "--json"], environment: moto.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
        #expect((summary["rows"] as? [String: Any])?["bronze"] as? Int == 4)
        let shown = try workspace.medallion(["manifest", "people", "--files", "--json"])
        let view = try #require(try PipelineWorkspace.json(shown.stdout) as? [String: Any])
        let files = try #require(view["files"] as? [[String: Any]])
        #expect(files.map { $0["url"] as? String ?? "" } == ["s3://landing-e2e/in/p-1.csv", "s3://landing-e2e/in/p-2.csv",
                                                            "s3://landing-e2e/in/z-4.csv"])
        let outputs = try #require(summary["outputs"] as? [String: Any])
        let bronze = try #require(outputs["bronze"] as? String).replacingOccurrences(of: "file://", with: "")
        #expect(try duckdbScalar("SELECT string_agg(name, ',' ORDER BY id) FROM read_parquet('\(bronze)/*.parquet')") == "Ann,Bob,Cy,Dee")
        // No credentials in what the run printed or the manifest shows.
        #expect(!run.stderr.contains(moto.secretAccessKey) && !shown.stdout.contains(moto.secretAccessKey))
        let again = try workspace.medallion(["run", "people", "--json"], environment: moto.environment)
        #expect(try PipelineWorkspace.jsonLines(again.stdout).first?["status"] as? String == "skipped")

        // The same source into an S3 lake (forced: the manifest is the same one): raw copies, one
        // Bronze part per file, Silver from the parts.
        let lake = "s3://landing-e2e/lake"
        let intoS3 = try workspace.medallion(["run", "people", "--force", "--lake", lake, "--json"], environment: moto.environment)
        #expect(intoS3.status == 0, "\(intoS3.stderr)")
        let s3Summary = try #require(try PipelineWorkspace.jsonLines(intoS3.stdout).first)
        #expect((s3Summary["rows"] as? [String: Any])?["silver"] as? Int == 4)
        let runId = try #require(s3Summary["run_id"] as? String)
        let listed = try moto.boto3("""
            keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="lake/")["Contents"]]
            print(json.dumps({"bronze": sorted(k.rsplit("/", 1)[1] for k in keys if k.startswith(f"lake/bronze/people/run={sys.argv[1]}/")),
                              "raw": len([k for k in keys if k.startswith("lake/raw/people/")])}))
            """, [runId])
        #expect(listed.status == 0, "\(listed.stderr)")
        let found = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        #expect(found["bronze"] as? [String] == ["_SUCCESS", "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"])
        // Three files and the list.
        #expect(found["raw"] as? Int == 4)
    }
}
