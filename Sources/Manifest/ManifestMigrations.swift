import GRDB

/// Versioned schema migrations. Never edit a shipped migration: add a new one.
enum ManifestMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1_initial") { db in
            try db.execute(sql: """
                CREATE TABLE datasets (
                    name TEXT PRIMARY KEY,
                    config_path TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                -- execution_name is fixed when a run starts; run_id gains the source hash once
                -- FetchAndHash knows it (run ids name their content, DESIGN.md).
                CREATE TABLE runs (
                    execution_name TEXT PRIMARY KEY,
                    run_id TEXT NOT NULL UNIQUE,
                    dataset TEXT NOT NULL REFERENCES datasets(name),
                    status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'skipped', 'failed')),
                    forced INTEGER NOT NULL DEFAULT 0,
                    source_url TEXT NOT NULL,
                    source_sha256 TEXT,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    error TEXT,
                    cause TEXT
                );
                CREATE INDEX runs_by_dataset ON runs(dataset, started_at);
                CREATE TABLE manifest_versions (
                    dataset TEXT NOT NULL REFERENCES datasets(name),
                    version INTEGER NOT NULL,
                    run_id TEXT NOT NULL,
                    source_url TEXT NOT NULL,
                    source_sha256 TEXT NOT NULL,
                    source_bytes INTEGER NOT NULL,
                    source_etag TEXT,
                    source_last_modified TEXT,
                    raw_uri TEXT NOT NULL,
                    pipeline_fingerprint TEXT NOT NULL,
                    rows_json TEXT NOT NULL,
                    outputs_json TEXT NOT NULL,
                    schema_json TEXT,
                    started_at TEXT NOT NULL,
                    finished_at TEXT NOT NULL,
                    PRIMARY KEY (dataset, version)
                );
                CREATE TABLE outputs (
                    run_id TEXT NOT NULL,
                    layer TEXT NOT NULL,
                    name TEXT NOT NULL DEFAULT '',
                    uri TEXT NOT NULL,
                    rows INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    files INTEGER NOT NULL,
                    PRIMARY KEY (run_id, layer, name)
                );
                CREATE TABLE execution_events (
                    execution_name TEXT NOT NULL REFERENCES runs(execution_name),
                    event_id INTEGER NOT NULL,
                    previous_event_id INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    timestamp TEXT NOT NULL,
                    state_name TEXT,
                    details_json TEXT,
                    PRIMARY KEY (execution_name, event_id)
                );
                """)
        }
        migrator.registerMigration("v2_silver_quality") { db in
            // The Silver quality report and the Bronze schema change of each version, as JSON.
            try db.execute(sql: """
                ALTER TABLE manifest_versions ADD COLUMN quality_json TEXT;
                ALTER TABLE manifest_versions ADD COLUMN schema_changes_json TEXT;
                """)
        }
        migrator.registerMigration("v3_layers") { db in
            // Per-layer fingerprints, the layers a version reused from an earlier one, and the
            // Silver versions its Gold tables read, as JSON (opaque to the store).
            try db.execute(sql: "ALTER TABLE manifest_versions ADD COLUMN layers_json TEXT;")
        }
        migrator.registerMigration("v4_interrupted_runs") { db in
            // A run whose process died (SIGKILL, power loss) is marked `interrupted` by the next
            // command that holds its dataset's lock. SQLite cannot alter a CHECK constraint, so the
            // table is rebuilt with the same rows.
            try db.execute(sql: """
                CREATE TABLE runs_v4 (
                    execution_name TEXT PRIMARY KEY,
                    run_id TEXT NOT NULL UNIQUE,
                    dataset TEXT NOT NULL REFERENCES datasets(name),
                    status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'skipped', 'failed', 'interrupted')),
                    forced INTEGER NOT NULL DEFAULT 0,
                    source_url TEXT NOT NULL,
                    source_sha256 TEXT,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    error TEXT,
                    cause TEXT
                );
                INSERT INTO runs_v4 SELECT execution_name, run_id, dataset, status, forced, source_url, source_sha256,
                    started_at, finished_at, error, cause FROM runs;
                DROP INDEX runs_by_dataset;
                DROP TABLE runs;
                ALTER TABLE runs_v4 RENAME TO runs;
                CREATE INDEX runs_by_dataset ON runs(dataset, started_at);
                """)
        }
        migrator.registerMigration("v5_delta_tables") { db in
            // Each version's Delta Lake table versions (silver, gold.<table> → version in the
            // table's _delta_log), and when vacuum removed its files.
            try db.execute(sql: """
                ALTER TABLE manifest_versions ADD COLUMN tables_json TEXT;
                ALTER TABLE manifest_versions ADD COLUMN vacuumed_at TEXT;
                """)
        }
        migrator.registerMigration("v6_version_files") { db in
            // A many-file source's files per version (`manifest <dataset> --files`): URL
            // (redacted), SHA-256, bytes, Bronze rows, raw copy; error for a skipped file.
            try db.execute(sql: """
                CREATE TABLE version_files (
                    dataset TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    url TEXT NOT NULL,
                    sha256 TEXT,
                    bytes INTEGER,
                    rows INTEGER,
                    raw_uri TEXT,
                    error TEXT,
                    PRIMARY KEY (dataset, version, position),
                    FOREIGN KEY (dataset, version) REFERENCES manifest_versions(dataset, version)
                );
                """)
        }
        return migrator
    }
}
