// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Filters.OAuth;

/// <summary>What the token request of one callback sends (RFC 6749 §4.1.3).</summary>
/// <param name="Code">The authorization code.</param>
/// <param name="RedirectUri">The redirect URI, exactly as the browser was sent with it.</param>
/// <param name="Keys">The app's client credentials.</param>
/// <param name="CodeVerifier">The PKCE verifier of a sealed flow; <see langword="null"/> for Para's client-started flow.</param>
/// <param name="Scope">The scope to repeat in the token request, or <see langword="null"/> to omit it (most providers).</param>
public sealed record OAuthCodeExchange(string Code, string RedirectUri, ParaOAuthKeys Keys, string? CodeVerifier, string? Scope);
