// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Storage.InMemory;

/// <summary>An <see cref="IAppStore"/> kept in memory (<c>para.dao = memory</c>), for tests and throwaway demos.</summary>
public sealed class InMemoryAppStore : IAppStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, ParaApp> _apps = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<ParaApp?> FindAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appId);
        lock (_gate)
        {
            return ValueTask.FromResult(_apps.TryGetValue(appId, out var app) ? app.Clone() : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CreateAsync(ParaApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        lock (_gate)
        {
            return ValueTask.FromResult(_apps.TryAdd(app.Id, app.Clone()));
        }
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(ParaApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        lock (_gate)
        {
            if (!_apps.ContainsKey(app.Id))
            {
                throw new InvalidOperationException($"App '{app.Id}' does not exist.");
            }

            _apps[app.Id] = app.Clone();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<string>>([.. _apps.Keys]);
        }
    }
}
