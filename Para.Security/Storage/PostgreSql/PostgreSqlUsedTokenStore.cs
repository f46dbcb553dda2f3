// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Npgsql;

namespace Para.Security.Storage.PostgreSql;

/// <summary>
/// An <see cref="IUsedTokenStore"/> in PostgreSQL (<c>para.dao = postgresql</c>), shared by every server instance.
/// One <c>INSERT … ON CONFLICT</c> decides the first use: a concurrent second insert of the same digest waits for
/// the first and then changes nothing, so two exchanges of one token cannot both win.
/// </summary>
public sealed class PostgreSqlUsedTokenStore : IUsedTokenStore
{
    private const long PurgeIntervalMilliseconds = 60_000;

    // Inserts the digest, or takes over an expired record of it; a live record is left alone (0 rows changed).
    private const string Use =
        "INSERT INTO used_tokens (digest, expires_at) VALUES (@digest, @expires_at) " +
        "ON CONFLICT (digest) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE used_tokens.expires_at <= @now";

    private const string Purge = "DELETE FROM used_tokens WHERE expires_at <= @now";

    private readonly NpgsqlDataSource _dataSource;
    private long _lastPurge;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlUsedTokenStore"/> class.</summary>
    /// <param name="dataSource">The data source (the caller owns and disposes it); the schema must exist.</param>
    public PostgreSqlUsedTokenStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUseAsync(string tokenDigest, long expiresAtMilliseconds, long nowMilliseconds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenDigest);
        if (ShouldPurge(nowMilliseconds))
        {
            var delete = _dataSource.CreateCommand(Purge);
            await using (delete.ConfigureAwait(false))
            {
                StoreRecords.Add(delete, "now", nowMilliseconds);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var command = _dataSource.CreateCommand(Use);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.Add(command, "digest", tokenDigest);
            StoreRecords.Add(command, "expires_at", expiresAtMilliseconds);
            StoreRecords.Add(command, "now", nowMilliseconds);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    private bool ShouldPurge(long now)
    {
        var last = Interlocked.Read(ref _lastPurge);
        return now - last >= PurgeIntervalMilliseconds && Interlocked.CompareExchange(ref _lastPurge, now, last) == last;
    }
}
