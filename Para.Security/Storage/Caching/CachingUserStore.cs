// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Storage.Caching;

/// <summary>
/// An <see cref="IUserStore"/> that answers look-ups by id and by identifier from two <see cref="ReadCache{TKey, TValue}"/>s
/// (users, and identifier → user id) in front of another store. Look-ups by email always go to the store.
/// </summary>
internal sealed class CachingUserStore : IUserStore
{
    private readonly IUserStore _inner;
    private readonly ReadCache<(string App, string Id), ParaUser> _users;
    private readonly ReadCache<(string App, string Identifier), string> _identifiers;

    /// <summary>Initializes a new instance of the <see cref="CachingUserStore"/> class.</summary>
    /// <param name="inner">The store that holds the users.</param>
    /// <param name="options">The cache settings.</param>
    /// <param name="time">The clock.</param>
    public CachingUserStore(IUserStore inner, StoreCacheOptions options, TimeProvider time)
    {
        _inner = inner;
        _users = new ReadCache<(string App, string Id), ParaUser>(options, time);
        _identifiers = new ReadCache<(string App, string Identifier), string>(options, time);
    }

    /// <summary>Gets the store behind the cache.</summary>
    public IUserStore Inner => _inner;

    /// <inheritdoc />
    public async ValueTask<ParaUser?> FindByIdAsync(string appIdentifier, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentNullException.ThrowIfNull(userId);
        if (_users.TryGet((appIdentifier, userId), out var cached))
        {
            return cached.Clone();
        }

        var generation = _users.Generation;
        var user = await _inner.FindByIdAsync(appIdentifier, userId, cancellationToken).ConfigureAwait(false);
        if (user is not null)
        {
            _users.Fill((appIdentifier, userId), user.Clone(), generation, user.Version);
        }

        return user;
    }

    /// <inheritdoc />
    public async ValueTask<ParaUser?> FindByIdentifierAsync(string appIdentifier, string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentNullException.ThrowIfNull(identifier);
        if (_identifiers.TryGet((appIdentifier, identifier), out var userId))
        {
            return await FindByIdAsync(appIdentifier, userId, cancellationToken).ConfigureAwait(false);
        }

        var identifiers = _identifiers.Generation;
        var users = _users.Generation;
        var user = await _inner.FindByIdentifierAsync(appIdentifier, identifier, cancellationToken).ConfigureAwait(false);
        if (user is not null)
        {
            _identifiers.Fill((appIdentifier, identifier), user.Id, identifiers);
            _users.Fill((appIdentifier, user.Id), user.Clone(), users, user.Version);
        }

        return user;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ParaUser>> FindByEmailAsync(string appIdentifier, string email, int limit, CancellationToken cancellationToken = default) =>
        _inner.FindByEmailAsync(appIdentifier, email, limit, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<UserCreation> CreateAsync(ParaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        try
        {
            return await _inner.CreateAsync(user, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (user.Identifier is { } identifier)
            {
                _identifiers.Invalidate((user.AppId, identifier));
            }

            _users.Invalidate((user.AppId, user.Id));
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> AddIdentifierAsync(string appIdentifier, string identifier, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentNullException.ThrowIfNull(identifier);
        try
        {
            return await _inner.AddIdentifierAsync(appIdentifier, identifier, userId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _identifiers.Invalidate((appIdentifier, identifier));
        }
    }

    /// <inheritdoc />
    public async ValueTask UpdateAsync(ParaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        try
        {
            await _inner.UpdateAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _users.Invalidate((user.AppId, user.Id));
            throw;
        }

        // The store numbered this write (IUserStore.UpdateAsync sets Version): keep what was written, so the request
        // that follows a sign-in or a token refresh needs no read.
        _users.Store((user.AppId, user.Id), user.Clone(), user.Version);
    }
}
