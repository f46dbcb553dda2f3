// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Para.Security.Storage.Sqlite;

/// <summary>
/// Creates or migrates the SQLite schema (<c>Storage/Sqlite/Sql/NNNN_name.sql</c>) and switches the file to WAL.
/// Each migration runs with its <c>schema_version</c> row in one <c>BEGIN IMMEDIATE</c> transaction that first
/// checks the row, so two processes starting on one file apply each migration once.
/// </summary>
public sealed class SqliteStoreInitializer : IStoreInitializer
{
    private const string Store = "SQLite";

    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (" +
        "version INTEGER NOT NULL PRIMARY KEY, " +
        "name TEXT NOT NULL, " +
        "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))) STRICT";

    private const string SelectVersion = "SELECT COUNT(*) FROM schema_version WHERE version = @version";
    private const string InsertVersion = "INSERT INTO schema_version (version, name) VALUES (@version, @name)";
    private const string EnableWal = "PRAGMA journal_mode = WAL";

    private readonly SqliteDatabase _database;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="SqliteStoreInitializer"/> class.</summary>
    /// <param name="database">The SQLite file (<c>para.sqlite.file</c>) as this host uses it; the caller owns it.</param>
    /// <param name="logger">A logger for the migrations applied, or <see langword="null"/>.</param>
    public SqliteStoreInitializer(SqliteDatabase database, ILogger<SqliteStoreInitializer>? logger = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        var migrations = SchemaMigration.Load("Storage.Sqlite.Sql");
        await _database.RunAsync(
            async (session, ct) =>
            {
                await EnableWalAsync(session.Connection, ct).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);

        foreach (var migration in migrations)
        {
            var applied = await _database.RunAsync((session, ct) => ApplyAsync(session.Connection, migration, ct), cancellationToken).ConfigureAwait(false);
            if (applied)
            {
                StorageLog.MigrationApplied(_logger, Store, migration.Version, migration.Name, _database.FullPath);
            }
        }

        StorageLog.SchemaCurrent(_logger, Store, migrations[^1].Version, _database.FullPath);
    }

    private async ValueTask EnableWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file: once set it stays for every later connection, so readers never block the writer.
        using var command = connection.CreateCommand();
        command.CommandText = EnableWal;
        var mode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            StorageLog.NotWal(_logger, _database.FullPath, mode ?? "unknown");
        }
    }

    private static async ValueTask<bool> ApplyAsync(SqliteConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        var transaction = connection.BeginTransaction(deferred: false);
        await using (transaction.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, transaction, CreateVersionTable, cancellationToken).ConfigureAwait(false);
            using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = SelectVersion;
                StoreRecords.Add(select, "version", migration.Version);
                if (Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
                {
                    return false;
                }
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = InsertVersion;
                StoreRecords.Add(insert, "version", migration.Version);
                StoreRecords.Add(insert, "name", migration.Name);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    private static async ValueTask ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The text is a constant or an embedded migration script; it never holds a value.
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
