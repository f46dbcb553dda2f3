// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Para.Security.Storage.PostgreSql;

/// <summary>
/// Creates or migrates the PostgreSQL schema (<c>Storage/PostgreSql/Sql/NNNN_name.sql</c>). Each migration runs with
/// its <c>schema_version</c> row in one transaction that first takes a transaction-scoped advisory lock, so server
/// instances starting at once against one database take turns and apply each migration exactly once.
/// </summary>
public sealed class PostgreSqlStoreInitializer : IStoreInitializer
{
    /// <summary>The advisory lock key that serialises migrations ("parasec1" in ASCII); advisory locks are per database.</summary>
    internal const long SchemaLockKey = 0x7061_7261_7365_6331;

    private const string Store = "PostgreSQL";
    private const string Lock = "SELECT pg_advisory_xact_lock(@key)";

    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (" +
        "version integer NOT NULL PRIMARY KEY, " +
        "name text NOT NULL, " +
        "applied_at timestamptz NOT NULL DEFAULT now())";

    private const string SelectVersion = "SELECT COUNT(*) FROM schema_version WHERE version = @version";
    private const string InsertVersion = "INSERT INTO schema_version (version, name) VALUES (@version, @name)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlStoreInitializer"/> class.</summary>
    /// <param name="dataSource">The data source (the caller owns and disposes it).</param>
    /// <param name="logger">A logger for the migrations applied, or <see langword="null"/>.</param>
    public PostgreSqlStoreInitializer(NpgsqlDataSource dataSource, ILogger<PostgreSqlStoreInitializer>? logger = null)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        var migrations = SchemaMigration.Load("Storage.PostgreSql.Sql");
        var database = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString).Database ?? "(default database)";
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var migration in migrations)
            {
                if (await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false))
                {
                    StorageLog.MigrationApplied(_logger, Store, migration.Version, migration.Name, database);
                }
            }
        }

        StorageLog.SchemaCurrent(_logger, Store, migrations[^1].Version, database);
    }

    private static async ValueTask<bool> ApplyAsync(NpgsqlConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // The lock comes first: even CREATE TABLE IF NOT EXISTS fails with a unique violation when two sessions run it at once.
            await ExecuteAsync(connection, transaction, Lock, ("key", SchemaLockKey), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, CreateVersionTable, null, cancellationToken).ConfigureAwait(false);
            var select = new NpgsqlCommand(SelectVersion, connection, transaction);
            await using (select.ConfigureAwait(false))
            {
                StoreRecords.Add(select, "version", migration.Version);
                if ((long)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L) > 0)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }
            }

            await ExecuteAsync(connection, transaction, migration.Sql, null, cancellationToken).ConfigureAwait(false);
            var insert = new NpgsqlCommand(InsertVersion, connection, transaction);
            await using (insert.ConfigureAwait(false))
            {
                StoreRecords.Add(insert, "version", migration.Version);
                StoreRecords.Add(insert, "name", migration.Name);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    private static async ValueTask ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, (string Name, object Value)? parameter, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // The text is a constant or an embedded migration script; values go in parameters.
        var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        await using (command.ConfigureAwait(false))
        {
            if (parameter is { } p)
            {
                StoreRecords.Add(command, p.Name, p.Value);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
