import Foundation
import Testing
import TestSupport

/// `medallion run --lake s3://…` against a real S3-compatible server (moto on loopback, every
/// request signature checked): raw, bronze and `_SUCCESS` land in the bucket, pyarrow reads the
/// Parquet back, and a second run skips.
@Suite(.serialized) struct S3LakeRunTests {
    @Test func runIntoAnS3LakeThenSkip() throws {
        let moto = try MotoServer(bucket: "lake-e2e")
        defer { moto.stop() }
        let ws = try PipelineWorkspace("s3")
        defer { ws.remove() }
        let lake = "s3://lake-e2e/medallion"
        let run = try ws.medallion(["run", "nsde", "--lake", lake, "--json", "--quiet"], environment: moto.environment)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
        #expect(summary["status"] as? String == "succeeded")
        let runId = try #require(summary["run_id"] as? String)
        #expect((summary["outputs"] as? [String: Any])?["bronze"] as? String == "\(lake)/bronze/nsde/run=\(runId)")
        // No credentials in what a run prints.
        #expect(!run.stdout.contains(moto.secretAccessKey) && !run.stderr.contains(moto.secretAccessKey))

        let check = try moto.boto3("""
            import io, pyarrow.parquet as pq
            keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="medallion/")["Contents"])
            run_id = sys.argv[1]
            bronze = [k for k in keys if k.startswith(f"medallion/bronze/nsde/run={run_id}/")]
            raw = [k for k in keys if k.startswith("medallion/raw/nsde/")]
            body = s3.get_object(Bucket=bucket, Key=[k for k in bronze if k.endswith(".parquet")][0])["Body"].read()
            table = pq.read_table(io.BytesIO(body))
            raw_sha = hashlib.sha256(s3.get_object(Bucket=bucket, Key=raw[0])["Body"].read()).hexdigest()
            print(json.dumps({"bronze": [k.rsplit("/", 1)[1] for k in bronze], "rows": table.num_rows,
                              "run_ids": sorted(set(table.column("_run_id").to_pylist())), "raw_sha": raw_sha}))
            """, [runId])
        #expect(check.status == 0, "\(check.stderr)")
        let found = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(found["bronze"] as? [String] == ["_SUCCESS", "part-00000.parquet"])
        #expect(found["rows"] as? Int == 5000)
        #expect(found["run_ids"] as? [String] == [runId])
        #expect(found["raw_sha"] as? String == summary["source_sha256"] as? String)

        let again = try ws.medallion(["run", "nsde", "--lake", lake, "--json", "--quiet"], environment: moto.environment)
        #expect(try PipelineWorkspace.jsonLines(again.stdout).first?["status"] as? String == "skipped")

        // A wrong secret: the run fails (exit 1) with an access error that names no secret.
        var wrong = moto.environment
        wrong["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-at-all"
        let denied = try ws.medallion(["run", "nsde", "--force", "--lake", lake, "--json", "--quiet"], environment: wrong)
        #expect(denied.status == 1)
        let error = try PipelineWorkspace.jsonLines(denied.stdout).first?["error"] as? String ?? ""
        #expect(error.contains("Medallion.StorageFailed"), "\(error)")
        #expect(!error.contains("not-the-secret-at-all"))
    }

    /// A killed run's multipart upload (parts stored, never completed) under the dataset's
    /// prefix is aborted by the dataset's next run; another dataset's upload is left alone, as
    /// is every object a manifest version references.
    @Test func theNextRunAbortsAKilledRunsMultipartUploads() throws {
        let moto = try MotoServer(bucket: "lake-leftovers")
        defer { moto.stop() }
        let ws = try PipelineWorkspace("s3-leftovers")
        defer { ws.remove() }
        let lake = "s3://lake-leftovers/medallion"
        #expect(try ws.medallion(["run", "nsde", "--lake", lake, "--quiet"], environment: moto.environment).status == 0)
        let started = try moto.boto3("""
            for key in ["medallion/silver/nsde/version=20261129T000000Z-deadbeef/part-00000.parquet",
                        "medallion/silver/claims/version=20261129T000000Z-deadbeef/part-00000.parquet"]:
                upload = s3.create_multipart_upload(Bucket=bucket, Key=key)
                s3.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"], PartNumber=1, Body=b"x" * 1024)
            print(len(s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])))
            """)
        #expect(started.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(started.stderr)")
        let next = try ws.medallion(["run", "nsde", "--lake", lake], environment: moto.environment)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("leftover"), "\(next.stderr)")
        let left = try moto.boto3("""
            print(json.dumps(sorted(u["Key"] for u in s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []))))
            """)
        #expect(left.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"["medallion/silver/claims/version=20261129T000000Z-deadbeef/part-00000.parquet"]"#, "\(left.stderr)")
        let again = try ws.medallion(["run", "nsde", "--lake", lake, "--json", "--quiet"], environment: moto.environment)
        #expect(try PipelineWorkspace.jsonLines(again.stdout).first?["status"] as? String == "skipped", "referenced data intact")
    }
}
