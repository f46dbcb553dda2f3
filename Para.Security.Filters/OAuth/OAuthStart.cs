// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Pipeline.Results;

namespace Para.Security.Filters.OAuth;

/// <summary>What <see cref="OAuthCorrelation.Start"/> made for one server-started sign-in.</summary>
/// <param name="State">The sealed <c>state</c> parameter.</param>
/// <param name="CodeChallenge">The PKCE S256 challenge (RFC 7636 §4.2) of the sealed verifier.</param>
/// <param name="RedirectUri">The <c>redirect_uri</c> to send, also sealed for the exchange.</param>
/// <param name="Nonce">The OpenID Connect <c>nonce</c> bound to the sealed state, for providers that issue an <c>id_token</c>.</param>
/// <param name="Cookie">The correlation cookie that binds the state to this browser.</param>
public sealed record OAuthStart(string State, string CodeChallenge, string RedirectUri, string Nonce, AuthCookie Cookie);
