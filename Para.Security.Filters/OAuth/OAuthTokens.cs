// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Filters.OAuth;

/// <summary>The tokens from a successful code exchange.</summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="RefreshToken">The refresh token, if any.</param>
/// <param name="ExpiresIn">The access token's lifetime in seconds, if given (a number or a numeric string).</param>
/// <param name="IdToken">The OpenID Connect <c>id_token</c>, if the provider sent one (validated before it is used).</param>
public sealed record OAuthTokens(string AccessToken, string? RefreshToken, long? ExpiresIn, string? IdToken = null);
