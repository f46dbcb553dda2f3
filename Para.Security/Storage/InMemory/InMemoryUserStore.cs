// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Storage.InMemory;

/// <summary>An <see cref="IUserStore"/> kept in memory (<c>para.dao = memory</c>), for tests and throwaway demos.</summary>
public sealed class InMemoryUserStore : IUserStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string App, string Id), ParaUser> _users = [];
    private readonly Dictionary<(string App, string Identifier), string> _identifiers = [];

    // The ids of each email's users, so that the email fallback of a sign-in does not scan every user of the store.
    private readonly Dictionary<(string App, string Email), List<string>> _emails = [];

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
            if (!_emails.TryGetValue((appIdentifier, email), out var ids))
            {
                return ValueTask.FromResult<IReadOnlyList<ParaUser>>([]);
            }

            IReadOnlyList<ParaUser> found = ids
                .Select(id => _users[(appIdentifier, id)])
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
            IndexEmail(stored);
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
            if (!string.Equals(existing.Email, stored.Email, StringComparison.Ordinal))
            {
                UnindexEmail(existing);
                IndexEmail(stored);
            }

            user.Version = stored.Version;
        }

        return ValueTask.CompletedTask;
    }

    private void IndexEmail(ParaUser user)
    {
        if (user.Email is null)
        {
            return;
        }

        if (!_emails.TryGetValue((user.AppId, user.Email), out var ids))
        {
            _emails.Add((user.AppId, user.Email), ids = []);
        }

        ids.Add(user.Id);
    }

    private void UnindexEmail(ParaUser user)
    {
        if (user.Email is not null && _emails.TryGetValue((user.AppId, user.Email), out var ids) && ids.Remove(user.Id) && ids.Count == 0)
        {
            _emails.Remove((user.AppId, user.Email));
        }
    }
}
