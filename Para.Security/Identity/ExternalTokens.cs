// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Identity;

/// <summary>The tokens an identity provider issued for a sign-in. Never logged.</summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="RefreshToken">The refresh token, if any.</param>
/// <param name="ExpiresIn">The access token's lifetime in seconds, if given.</param>
/// <param name="IdToken">The OpenID Connect <c>id_token</c>, if any.</param>
public sealed record ExternalTokens(string AccessToken, string? RefreshToken = null, long? ExpiresIn = null, string? IdToken = null);
