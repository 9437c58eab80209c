import Foundation

/// A real `moto_server` (S3 + IAM emulator) on a random 127.0.0.1 port that verifies
/// SigV4 signatures.
///
/// Started with `INITIAL_NO_AUTH_ACTION_COUNT=4`: the first four requests (create an IAM
/// user, attach an allow-all inline policy, create its access key, create the bucket) go
/// unauthenticated; from then on every request must carry a valid signature by that key.
public final class MotoServer: @unchecked Sendable {
    public let server: PythonServer
    public let bucket: String
    public let accessKeyID: String
    public let secretAccessKey: String
    public let region = "us-east-1"

    public var endpoint: String { server.baseURL }

    /// The AWS_* variables a client needs to reach the bucket with the right secret.
    public var environment: [String: String] {
        ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": accessKeyID,
         "AWS_SECRET_ACCESS_KEY": secretAccessKey, "AWS_REGION": region]
    }

    public init(bucket: String = "medallion-test") throws {
        self.bucket = bucket
        server = try PythonServer(script: """
            import threading
            from moto.server import ThreadedMotoServer
            server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            server.start()
            print(server.get_host_and_port()[1], flush=True)
            threading.Event().wait()
            """, environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "4", "MOTO_ALLOW_NONEXISTENT_REGION": "true"])
        let setup = try runPython("""
            import boto3, json, sys
            endpoint, bucket = sys.argv[1], sys.argv[2]
            kw = dict(endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
            iam = boto3.client("iam", **kw)
            iam.create_user(UserName="medallion")
            iam.put_user_policy(UserName="medallion", PolicyName="all", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
            key = iam.create_access_key(UserName="medallion")["AccessKey"]
            boto3.client("s3", **kw).create_bucket(Bucket=bucket)
            print(json.dumps({"id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}))
            """, [server.baseURL, bucket])
        guard setup.status == 0,
              let line = setup.stdout.split(separator: "\n").last,
              let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
              let id = json["id"], let secret = json["secret"] else {
            server.stop()
            throw MotoError.setupFailed(setup.stderr)
        }
        accessKeyID = id
        secretAccessKey = secret
    }

    /// Runs a Python snippet with a boto3 S3 client bound to `s3` and the bucket name in `bucket`.
    public func boto3(_ body: String, _ arguments: [String] = []) throws -> ProcessResult {
        let prelude = """
            import boto3, hashlib, json, sys
            s3 = boto3.client("s3", endpoint_url=\(quoted(endpoint)), region_name="us-east-1",
                              aws_access_key_id=\(quoted(accessKeyID)), aws_secret_access_key=\(quoted(secretAccessKey)))
            bucket = \(quoted(bucket))

            """
        return try runPython(prelude + body, arguments)
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    public func stop() { server.stop() }

    public enum MotoError: Error { case setupFailed(String) }
}
