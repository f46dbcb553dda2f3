// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;
using static Para.Security.Storage.StoreSql.Apps;

namespace Para.Security.Storage.Sqlite;

/// <summary>
/// An <see cref="IAppStore"/> in a SQLite file (<c>para.dao = sqlite</c>). Nothing is cached: every call reads the
/// file, so a settings change by another instance on the same file is seen at once. The schema must exist
/// (see <see cref="SqliteStoreInitializer"/>).
/// </summary>
public sealed class SqliteAppStore : IAppStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Initializes a new instance of the <see cref="SqliteAppStore"/> class.</summary>
    /// <param name="database">The SQLite file (<c>para.sqlite.file</c>) as this host uses it; the caller owns it.</param>
    public SqliteAppStore(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public ValueTask<ParaApp?> FindAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appId);
        return _database.RunAsync(
            async (session, ct) =>
            {
                var command = session.Command(SelectById);
                StoreRecords.Add(command, "id", appId);
                return await StoreRecords.ReadSingleAppAsync(command, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> CreateAsync(ParaApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return _database.RunWriteAsync(async (session, ct) => await WriteAsync(session, Insert, app, ct).ConfigureAwait(false) == 1, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask UpdateAsync(ParaApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var rows = await _database.RunWriteAsync((session, ct) => WriteAsync(session, Update, app, ct), cancellationToken).ConfigureAwait(false);
        if (rows == 0)
        {
            throw new InvalidOperationException($"App '{app.Id}' does not exist.");
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken = default) => _database.RunAsync(
        async (session, ct) =>
        {
            var command = session.Command(SelectIds);
            return await StoreRecords.ReadStringsAsync(command, ct).ConfigureAwait(false);
        },
        cancellationToken);

    private static async ValueTask<int> WriteAsync(SqliteSession session, string sql, ParaApp app, CancellationToken cancellationToken)
    {
        var command = session.Command(sql);
        StoreRecords.AddAppParameters(command, app);
        StoreRecords.Add(command, "settings", StoreRecords.SettingsJson(app));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
