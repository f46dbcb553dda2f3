// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Npgsql;
using NpgsqlTypes;
using Para.Security.Identity;
using static Para.Security.Storage.StoreSql.Apps;

namespace Para.Security.Storage.PostgreSql;

/// <summary>
/// An <see cref="IAppStore"/> in PostgreSQL (<c>para.dao = postgresql</c>), which several server instances can share.
/// Nothing is cached: every call reads the database, so a settings change is seen by every instance at once.
/// The schema must exist (see <see cref="PostgreSqlStoreInitializer"/>).
/// </summary>
public sealed class PostgreSqlAppStore : IAppStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlAppStore"/> class.</summary>
    /// <param name="dataSource">The data source (one per process; the caller owns and disposes it).</param>
    public PostgreSqlAppStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <inheritdoc />
    public async ValueTask<ParaApp?> FindAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appId);
        var command = _dataSource.CreateCommand(SelectById);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.Add(command, "id", appId);
            return await StoreRecords.ReadSingleAppAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> CreateAsync(ParaApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return await WriteAsync(Insert, app, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask UpdateAsync(ParaApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (await WriteAsync(Update, app, cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new InvalidOperationException($"App '{app.Id}' does not exist.");
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken = default)
    {
        var command = _dataSource.CreateCommand(SelectIds);
        await using (command.ConfigureAwait(false))
        {
            return await StoreRecords.ReadStringsAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<int> WriteAsync(string sql, ParaApp app, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand(sql);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.AddAppParameters(command, app);
            command.Parameters.Add(new NpgsqlParameter("settings", NpgsqlDbType.Json) { Value = StoreRecords.SettingsJson(app) });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
