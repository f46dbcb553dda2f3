// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Options;
using Npgsql;

namespace Para.Security.Storage;

/// <summary>
/// Checks <see cref="StoreOptions"/> at startup. Each message names the HOCON key, what is wrong and how to fix it,
/// because it is what an operator sees when the server refuses to start.
/// </summary>
public sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    private const string WhereToSet = "conf/application.conf or";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind switch
        {
            null => ValidateOptionsResult.Fail(
                $"para.dao = \"{options.Dao}\" is not supported: use \"sqlite\", \"postgresql\" or \"memory\" (set it in {WhereToSet} PARA_DAO)."),
            StoreKind.Sqlite when string.IsNullOrWhiteSpace(options.SqliteFile) => ValidateOptionsResult.Fail(
                $"para.sqlite.file is empty: set it to the SQLite database file, e.g. \"{StoreOptions.DefaultSqliteFile}\" (in {WhereToSet} PARA_SQLITE_FILE), or remove it to use that default."),
            StoreKind.Sqlite when options.SqliteSynchronous is null => ValidateOptionsResult.Fail(
                $"para.sqlite.synchronous = \"{options.SqliteSynchronousMode}\" is not supported: use \"full\" (every commit is flushed to disk, the default) or \"normal\" (flushed at checkpoints: faster, but a power cut may lose the last sign-ins) (set it in {WhereToSet} PARA_SQLITE_SYNCHRONOUS)."),
            StoreKind.PostgreSql => ValidatePostgreSql(options.PostgreSqlConnectionString),
            _ => ValidateOptionsResult.Success,
        };
    }

    private static ValidateOptionsResult ValidatePostgreSql(string? connectionString)
    {
        const string Example = "\"Host=localhost;Port=5432;Database=para;Username=para;Password=secret\"";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return ValidateOptionsResult.Fail(
                $"para.postgresql.connection_string is missing, but para.dao = \"postgresql\" needs it: set it to an Npgsql connection string such as {Example} (in {WhereToSet} PARA_POSTGRESQL_CONNECTION_STRING).");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            // The value may hold a password, so only the parser's complaint is repeated, not the value.
            return ValidateOptionsResult.Fail(
                $"para.postgresql.connection_string is not a valid Npgsql connection string ({e.Message}): use the form {Example}.");
        }
    }
}
