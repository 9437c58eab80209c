import ArgumentParser
import Foundation
import MedallionCore

extension CatalogFormat: ExpressibleByArgument {}

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Print SQL that registers every current table by name (bronze_<dataset>, silver_<dataset>, gold_<dataset>_<table>).",
        discussion: """
            duckdb: views over read_parquet of each table's current files, so that \
            duckdb -c "$(medallion catalog); SELECT … FROM silver_nsde" queries the lake by name. \
            athena: DROP + CREATE EXTERNAL TABLE with column types over each current partition. \
            spark: Silver and Gold as Delta tables by location (Delta Lake must be on the classpath), \
            Bronze as Parquet; --parquet registers every table as a view over its current Parquet files instead. \
            Opens the manifest read-only.
            """)

    @Option(help: "duckdb, athena or spark.")
    var format: CatalogFormat = .duckdb

    @Flag(help: "spark: views over the current Parquet files instead of Delta tables (for a Spark without Delta Lake).")
    var parquet = false

    @OptionGroup var lakeOptions: LakeOptions

    func validate() throws {
        if parquet && format != .spark { throw ValidationError("--parquet applies to --format spark") }
    }

    func run() async throws {
        let tables: [CatalogTable]
        do {
            tables = try await LakeCatalog.tables(environment: lakeOptions.environment)
        } catch {
            throw Output.fail("\(error)", code: 1)
        }
        if tables.isEmpty {
            throw Output.fail("no tables yet: the manifest has no version (run `medallion run --all` first)", code: 1)
        }
        Output.stdout(CatalogSQL.render(tables, format: format, parquetOnly: parquet))
    }
}
