// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage.Sqlite;

/// <summary>
/// An <see cref="IUsedTokenStore"/> in the SQLite file (<c>para.dao = sqlite</c>), shared by every process using the
/// file. One upsert decides the first use, so two concurrent exchanges of one token cannot both win.
/// </summary>
public sealed class SqliteUsedTokenStore : IUsedTokenStore
{
    private const long PurgeIntervalMilliseconds = 60_000;

    // Inserts the digest, or takes over an expired record of it; a live record is left alone (0 rows changed).
    private const string Use =
        "INSERT INTO used_tokens (digest, expires_at) VALUES (@digest, @expires_at) " +
        "ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at WHERE used_tokens.expires_at <= @now";

    private const string Purge = "DELETE FROM used_tokens WHERE expires_at <= @now";

    private readonly SqliteDatabase _database;
    private long _lastPurge;

    /// <summary>Initializes a new instance of the <see cref="SqliteUsedTokenStore"/> class.</summary>
    /// <param name="database">The SQLite file (<c>para.sqlite.file</c>) as this host uses it; the caller owns it.</param>
    public SqliteUsedTokenStore(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUseAsync(string tokenDigest, long expiresAtMilliseconds, long nowMilliseconds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenDigest);
        var purge = ShouldPurge(nowMilliseconds);
        return _database.RunWriteAsync(
            async (session, ct) =>
            {
                if (purge)
                {
                    var delete = session.Command(Purge);
                    StoreRecords.Add(delete, "now", nowMilliseconds);
                    await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                var command = session.Command(Use);
                StoreRecords.Add(command, "digest", tokenDigest);
                StoreRecords.Add(command, "expires_at", expiresAtMilliseconds);
                StoreRecords.Add(command, "now", nowMilliseconds);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    private bool ShouldPurge(long now)
    {
        var last = Interlocked.Read(ref _lastPurge);
        return now - last >= PurgeIntervalMilliseconds && Interlocked.CompareExchange(ref _lastPurge, now, last) == last;
    }
}
