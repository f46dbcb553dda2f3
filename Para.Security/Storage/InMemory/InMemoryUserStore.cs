// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Storage.InMemory;

/// <summary>An <see cref="IUserStore"/> kept in memory (<c>para.dao = memory</c>), for tests and throwaway demos.</summary>
public sealed class InMemoryUserStore : IUserStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string App, string Id), ParaUser> _users = [];
    private readonly Dictionary<(string App, string Identifier), string> _identifiers = [];

    /// <inheritdoc />
    public ValueTask<ParaUser?> FindByIdAsync(string appIdentifier, string userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_users.TryGetValue((appIdentifier, userId), out var user) ? user.Clone() : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<ParaUser?> FindByIdentifierAsync(string appIdentifier, string identifier, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(
                _identifiers.TryGetValue((appIdentifier, identifier), out var userId) && _users.TryGetValue((appIdentifier, userId), out var user)
                    ? user.Clone()
                    : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ParaUser>> FindByEmailAsync(string appIdentifier, string email, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ParaUser> found = _users.Values
                .Where(u => u.AppId == appIdentifier && u.Email == email)
                .OrderBy(u => u.Timestamp)
                .ThenBy(u => u.Id, StringComparer.Ordinal)
                .Take(limit)
                .Select(u => u.Clone())
                .ToList();
            return ValueTask.FromResult(found);
        }
    }

    /// <inheritdoc />
    public ValueTask<UserCreation> CreateAsync(ParaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(user.Identifier))
        {
            throw new ArgumentException("A new user needs an identifier.", nameof(user));
        }

        lock (_gate)
        {
            if (_identifiers.TryGetValue((user.AppId, user.Identifier), out var ownerId))
            {
                return ValueTask.FromResult(new UserCreation(_users[(user.AppId, ownerId)].Clone(), false));
            }

            var stored = user.Clone();
            stored.Version = 1;
            _users.Add((user.AppId, user.Id), stored);
            _identifiers.Add((user.AppId, user.Identifier), user.Id);
            return ValueTask.FromResult(new UserCreation(stored.Clone(), true));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> AddIdentifierAsync(string appIdentifier, string identifier, string userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_identifiers.TryAdd((appIdentifier, identifier), userId));
        }
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(ParaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            if (!_users.TryGetValue((user.AppId, user.Id), out var existing))
            {
                throw new InvalidOperationException($"User '{user.Id}' does not exist in app '{user.AppId}'.");
            }

            var stored = user.Clone();
            stored.Version = existing.Version + 1;
            _users[(user.AppId, user.Id)] = stored;
            user.Version = stored.Version;
        }

        return ValueTask.CompletedTask;
    }
}
