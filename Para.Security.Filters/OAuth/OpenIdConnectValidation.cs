// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Filters.OAuth;

/// <summary>What an OpenID Connect <c>id_token</c> is checked against (OpenID Connect Core 1.0 §3.1.3.7).</summary>
/// <param name="Issuer">The exact <c>iss</c> the provider signs with.</param>
/// <param name="JwksUri">The provider's JSON Web Key Set, fetched through the backchannel and cached.</param>
/// <param name="Audience">The <c>aud</c> the token must name: the app's client id.</param>
public sealed record OpenIdConnectValidation(string Issuer, Uri JwksUri, string Audience);
