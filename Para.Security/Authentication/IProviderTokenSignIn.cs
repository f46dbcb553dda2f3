// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Authentication;

/// <summary>
/// Verifies a token obtained from an identity provider, for <c>POST /jwt_auth</c> (para-spec.md §5.7), and says who it
/// names; the endpoint hands that identity to the sign-in unit of work (<see cref="ExternalSignIn"/>), which finds,
/// creates or updates the user and issues the session token. The core knows no provider: each provider registers one
/// implementation as a singleton <see cref="IProviderTokenSignIn"/>, and <c>/jwt_auth</c> dispatches on
/// <see cref="Provider"/> case-insensitively.
/// </summary>
public interface IProviderTokenSignIn
{
    /// <summary>Gets the provider name clients send as <c>provider</c>, e.g. <c>amazon</c> or <c>passwordless</c>.</summary>
    string Provider { get; }

    /// <summary>
    /// Verifies the provider token and returns the identity it names. Implementations write no user, issue no Para
    /// token and never throw for a bad token.
    /// </summary>
    /// <param name="app">The (non-root) app the user signs in to.</param>
    /// <param name="token">The provider token, in the provider's format.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The identity, or a failure with a stable error code.</returns>
    Task<ProviderSignInResult> ReadIdentityAsync(ParaApp app, string token, CancellationToken cancellationToken);
}
