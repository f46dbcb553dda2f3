// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Authentication;

/// <summary>
/// Signs a user in with a token obtained from an identity provider, for <c>POST /jwt_auth</c> (para-spec.md §5.7).
/// The core knows no provider: each provider registers one implementation as a singleton
/// <see cref="IProviderTokenSignIn"/>, and <c>/jwt_auth</c> dispatches on <see cref="Provider"/> case-insensitively.
/// </summary>
public interface IProviderTokenSignIn
{
    /// <summary>Gets the provider name clients send as <c>provider</c>, e.g. <c>amazon</c> or <c>passwordless</c>.</summary>
    string Provider { get; }

    /// <summary>
    /// Verifies the provider token, then finds, creates or updates the user of <paramref name="app"/>. An inactive
    /// user is a failure. Implementations do not issue Para tokens and never throw for a bad token.
    /// </summary>
    /// <param name="app">The (non-root) app the user signs in to.</param>
    /// <param name="token">The provider token, in the provider's format.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The active user, or a failure with a stable error code.</returns>
    Task<ProviderSignInResult> SignInAsync(ParaApp app, string token, CancellationToken cancellationToken);
}
