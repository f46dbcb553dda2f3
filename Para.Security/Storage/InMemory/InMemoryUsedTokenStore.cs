// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage.InMemory;

/// <summary>An <see cref="IUsedTokenStore"/> kept in memory (<c>para.dao = memory</c>); single-instance only.</summary>
public sealed class InMemoryUsedTokenStore : IUsedTokenStore
{
    private const long PurgeIntervalMilliseconds = 60_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _used = new(StringComparer.Ordinal);
    private long _lastPurge;

    /// <summary>Gets the number of records held (expired ones included until the next purge), for tests.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _used.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUseAsync(string tokenDigest, long expiresAtMilliseconds, long nowMilliseconds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenDigest);
        lock (_gate)
        {
            if (nowMilliseconds - _lastPurge >= PurgeIntervalMilliseconds)
            {
                foreach (var expired in _used.Where(entry => entry.Value <= nowMilliseconds).Select(entry => entry.Key).ToList())
                {
                    _used.Remove(expired);
                }

                _lastPurge = nowMilliseconds;
            }

            if (_used.TryGetValue(tokenDigest, out var expiresAt) && expiresAt > nowMilliseconds)
            {
                return ValueTask.FromResult(false);
            }

            _used[tokenDigest] = expiresAtMilliseconds;
            return ValueTask.FromResult(true);
        }
    }
}
