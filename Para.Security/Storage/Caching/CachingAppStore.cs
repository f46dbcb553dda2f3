// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Storage.Caching;

/// <summary>An <see cref="IAppStore"/> that answers <see cref="FindAsync"/> from a <see cref="ReadCache{TKey, TValue}"/> in front of another store.</summary>
internal sealed class CachingAppStore : IAppStore
{
    private readonly IAppStore _inner;
    private readonly ReadCache<string, ParaApp> _apps;

    /// <summary>Initializes a new instance of the <see cref="CachingAppStore"/> class.</summary>
    /// <param name="inner">The store that holds the apps.</param>
    /// <param name="options">The cache settings.</param>
    /// <param name="time">The clock.</param>
    public CachingAppStore(IAppStore inner, StoreCacheOptions options, TimeProvider time)
    {
        _inner = inner;
        _apps = new ReadCache<string, ParaApp>(options, time);
    }

    /// <summary>Gets the store behind the cache.</summary>
    public IAppStore Inner => _inner;

    /// <inheritdoc />
    public async ValueTask<ParaApp?> FindAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appId);
        if (_apps.TryGet(appId, out var cached))
        {
            return cached.Clone();
        }

        var generation = _apps.Generation;
        var app = await _inner.FindAsync(appId, cancellationToken).ConfigureAwait(false);
        if (app is not null)
        {
            _apps.Fill(appId, app.Clone(), generation);
        }

        return app;
    }

    /// <inheritdoc />
    public async ValueTask<bool> CreateAsync(ParaApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            return await _inner.CreateAsync(app, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _apps.Invalidate(app.Id);
        }
    }

    /// <inheritdoc />
    public async ValueTask UpdateAsync(ParaApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await _inner.UpdateAsync(app, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _apps.Invalidate(app.Id);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken = default) => _inner.ListIdsAsync(cancellationToken);
}
