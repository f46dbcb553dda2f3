// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Storage;

/// <summary>
/// Persists Para apps. Every auth request reads the app afresh, so a settings change is seen by the very next
/// request on every server instance (para-spec.md §6); implementations must not cache across requests.
/// </summary>
public interface IAppStore
{
    /// <summary>Reads an app by its normalised id (<c>app:myapp</c>).</summary>
    /// <param name="appId">The normalised app id.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The app, or <see langword="null"/> when it does not exist.</returns>
    ValueTask<ParaApp?> FindAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary>Creates an app unless one with the same id exists.</summary>
    /// <param name="app">The app to create.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns><see langword="true"/> when created; <see langword="false"/> when the id was taken (nothing is changed).</returns>
    ValueTask<bool> CreateAsync(ParaApp app, CancellationToken cancellationToken = default);

    /// <summary>Overwrites an existing app, settings included.</summary>
    /// <param name="app">The app to store.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the app is stored.</returns>
    ValueTask UpdateAsync(ParaApp app, CancellationToken cancellationToken = default);

    /// <summary>Lists every app id, in id order.</summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The app ids.</returns>
    ValueTask<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken = default);
}
