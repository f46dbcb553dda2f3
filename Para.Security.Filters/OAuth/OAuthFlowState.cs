// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Serialization;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// What a server-initiated sign-in carries through the provider inside the sealed <c>state</c>: nothing in it is
/// readable or changeable by the browser or the provider.
/// </summary>
/// <param name="AppId">The app the sign-in is for.</param>
/// <param name="Nonce">The browser-binding value; a correlation cookie named after it must come back.</param>
/// <param name="CodeVerifier">The PKCE code verifier (RFC 7636), sent only to the token endpoint.</param>
/// <param name="RedirectUri">The exact <c>redirect_uri</c> sent at authorization, sent again at the exchange.</param>
/// <param name="HostUrl">The <c>host_url</c> to return to, if the start request named one.</param>
/// <param name="ExpiresAt">When the state stops being accepted, in Unix seconds.</param>
public sealed record OAuthFlowState(
    [property: JsonPropertyName("a")] string AppId,
    [property: JsonPropertyName("n")] string Nonce,
    [property: JsonPropertyName("v")] string CodeVerifier,
    [property: JsonPropertyName("r")] string RedirectUri,
    [property: JsonPropertyName("h")] string? HostUrl,
    [property: JsonPropertyName("e")] long ExpiresAt);
