// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Para.Security.Configuration;

namespace Para.Security.Storage;

/// <summary>
/// Which store the server uses and where it keeps its data: <c>para.dao</c>, <c>para.sqlite.file</c> and
/// <c>para.postgresql.connection_string</c>. <see cref="StoreOptionsValidator"/> checks them at startup.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>The key (relative to <c>para</c>) that selects the store: <c>sqlite</c>, <c>postgresql</c> or <c>memory</c>.</summary>
    public const string DaoKey = "dao";

    /// <summary>The key (relative to <c>para</c>) of the SQLite database file.</summary>
    public const string SqliteFileKey = "sqlite.file";

    /// <summary>The key (relative to <c>para</c>) of when SQLite flushes commits to disk: <c>full</c> or <c>normal</c>.</summary>
    public const string SqliteSynchronousKey = "sqlite.synchronous";

    /// <summary>The key (relative to <c>para</c>) of the PostgreSQL connection string.</summary>
    public const string PostgreSqlConnectionStringKey = "postgresql.connection_string";

    /// <summary>The default of <see cref="Dao"/>.</summary>
    public const string DefaultDao = "sqlite";

    /// <summary>The default of <see cref="SqliteFile"/>, relative to the current directory.</summary>
    public const string DefaultSqliteFile = "data/para.db";

    /// <summary>Gets or sets the store name (<c>para.dao</c>); compared without regard to case.</summary>
    /// <value>The default value is <c>sqlite</c>.</value>
    public string Dao { get; set; } = DefaultDao;

    /// <summary>Gets or sets the SQLite database file (<c>para.sqlite.file</c>); a relative path is resolved against the current directory.</summary>
    /// <value>The default value is <c>data/para.db</c>.</value>
    public string SqliteFile { get; set; } = DefaultSqliteFile;

    /// <summary>
    /// Gets or sets when SQLite flushes a commit to disk (<c>para.sqlite.synchronous</c>): <c>full</c> (every commit, so
    /// an acknowledged sign-in survives a power cut) or <c>normal</c> (at checkpoints); compared without regard to case.
    /// </summary>
    /// <value>The default value is <c>full</c>.</value>
    public string SqliteSynchronousMode { get; set; } = "full";

    /// <summary>Gets or sets the Npgsql connection string (<c>para.postgresql.connection_string</c>); required for <c>postgresql</c>.</summary>
    public string? PostgreSqlConnectionString { get; set; }

    /// <summary>Gets the store that <see cref="Dao"/> names, or <see langword="null"/> when it names none.</summary>
    internal StoreKind? Kind => Dao?.Trim().ToLowerInvariant() switch
    {
        "sqlite" => StoreKind.Sqlite,
        "postgresql" => StoreKind.PostgreSql,
        "memory" => StoreKind.Memory,
        _ => null,
    };

    /// <summary>Gets the flush mode that <see cref="SqliteSynchronousMode"/> names, or <see langword="null"/> when it names none.</summary>
    internal Sqlite.SqliteSynchronous? SqliteSynchronous => SqliteSynchronousMode?.Trim().ToLowerInvariant() switch
    {
        "full" => Sqlite.SqliteSynchronous.Full,
        "normal" => Sqlite.SqliteSynchronous.Normal,
        _ => null,
    };

    /// <summary>Copies the store keys that are present in the configuration into these options; absent keys keep their defaults.</summary>
    /// <param name="configuration">The application configuration (keys under <c>para</c>).</param>
    public void ReadFrom(IConfiguration configuration)
    {
        var config = new ParaConfig(configuration);
        Dao = config.Get(DaoKey, Dao);
        SqliteFile = config.Get(SqliteFileKey, SqliteFile);
        SqliteSynchronousMode = config.Get(SqliteSynchronousKey, SqliteSynchronousMode);
        PostgreSqlConnectionString = config.Get(PostgreSqlConnectionStringKey) ?? PostgreSqlConnectionString;
    }
}
