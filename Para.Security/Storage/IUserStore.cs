// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Storage;

/// <summary>
/// Persists Para users and their login identifier records (para-spec.md §0.3). Identifiers are unique per app at the
/// database level, so two concurrent creations of the same identifier yield one user.
/// </summary>
public interface IUserStore
{
    /// <summary>Reads a user by id within an app.</summary>
    /// <param name="appIdentifier">The app identifier (without <c>app:</c>).</param>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    ValueTask<ParaUser?> FindByIdAsync(string appIdentifier, string userId, CancellationToken cancellationToken = default);

    /// <summary>Reads the user that owns an identifier record (<c>az:…</c>, an email, …) within an app.</summary>
    /// <param name="appIdentifier">The app identifier.</param>
    /// <param name="identifier">The identifier, compared exactly.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    ValueTask<ParaUser?> FindByIdentifierAsync(string appIdentifier, string identifier, CancellationToken cancellationToken = default);

    /// <summary>Finds users of an app by email (exact match), oldest first; Para's email fallback takes the first.</summary>
    /// <param name="appIdentifier">The app identifier.</param>
    /// <param name="email">The email.</param>
    /// <param name="limit">The most users to return.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The matching users.</returns>
    ValueTask<IReadOnlyList<ParaUser>> FindByEmailAsync(string appIdentifier, string email, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a user and its identifier record (<see cref="ParaUser.Identifier"/>) atomically. When the identifier is
    /// already taken, nothing is written and the existing owner is returned with <see cref="UserCreation.Created"/> false.
    /// </summary>
    /// <param name="user">The new user; its identifier must be set.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The stored user and whether it was created by this call.</returns>
    ValueTask<UserCreation> CreateAsync(ParaUser user, CancellationToken cancellationToken = default);

    /// <summary>Attaches an extra identifier record to an existing user (Para's email-fallback linking).</summary>
    /// <param name="appIdentifier">The app identifier.</param>
    /// <param name="identifier">The identifier to attach.</param>
    /// <param name="userId">The owner.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns><see langword="true"/> when attached; <see langword="false"/> when the identifier already had an owner.</returns>
    ValueTask<bool> AddIdentifierAsync(string appIdentifier, string identifier, string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Overwrites an existing user (every field, including <see cref="ParaUser.TokenSecret"/>) and increments its stored
    /// version; on return <see cref="ParaUser.Version"/> of <paramref name="user"/> is the version now stored.
    /// </summary>
    /// <param name="user">The user to store.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the user is stored.</returns>
    ValueTask UpdateAsync(ParaUser user, CancellationToken cancellationToken = default);
}
