// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net.Http.Headers;
using System.Text.Json;
using Para.Security.Diagnostics;
using Para.Security.Identity;

namespace Para.Security.Filters.OAuth;

/// <content>The hooks a provider overrides where it differs from the OAuth 2 defaults.</content>
public abstract partial class AbstractOAuthFilter<TOptions>
{
    /// <summary>Returns the provider endpoints for an app.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The endpoints.</returns>
    protected abstract OAuthEndpoints ResolveEndpoints(ParaApp app);

    /// <summary>Returns the scope to request for an app.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The scope.</returns>
    public virtual string GetScope(ParaApp app) => Options.Scope;

    /// <summary>Returns the authorization request's parameters, in order (RFC 6749 §4.1.1, RFC 7636 §4.3); add a provider's own here.</summary>
    /// <param name="app">The app.</param>
    /// <param name="keys">The client credentials.</param>
    /// <param name="state">The sealed state.</param>
    /// <param name="redirectUri">The redirect URI.</param>
    /// <param name="codeChallenge">The PKCE S256 challenge.</param>
    /// <returns>The parameters (an OpenID Connect provider's <c>nonce</c> is appended by the base).</returns>
    protected virtual IEnumerable<KeyValuePair<string, string?>> GetAuthorizationParameters(ParaApp app, ParaOAuthKeys keys, string state, string redirectUri, string codeChallenge) =>
    [
        new("response_type", "code"),
        new("client_id", keys.ClientId),
        new("scope", GetScope(app)),
        new("state", state),
        new("redirect_uri", redirectUri),
        new("code_challenge", codeChallenge),
        new("code_challenge_method", "S256"),
    ];

    /// <summary>Tells whether the token request repeats the scope (Microsoft, Para's generic slots); most providers omit it.</summary>
    /// <param name="app">The app.</param>
    /// <returns><see langword="true"/> to send <c>scope</c> after <c>redirect_uri</c>.</returns>
    protected virtual bool SendsScopeToTokenEndpoint(ParaApp app) => false;

    /// <summary>
    /// Returns how to validate the provider's OpenID Connect <c>id_token</c> for an app, or <see langword="null"/> for a
    /// plain OAuth 2 provider (the default). When set, the web flow sends a <c>nonce</c>, requires an <c>id_token</c>
    /// and maps its claims before the profile's.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="keys">The app's client credentials (the audience).</param>
    /// <returns>The validation settings, or <see langword="null"/>.</returns>
    protected virtual OpenIdConnectValidation? GetOpenIdConnect(ParaApp app, ParaOAuthKeys keys) => null;

    /// <summary>Sends a backchannel request through the provider's client and reads a JSON object answer.</summary>
    /// <param name="request">The request.</param>
    /// <param name="errorCode">The code for failures.</param>
    /// <param name="what">What is called, for the log.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The document (the caller disposes it), or a failure.</returns>
    protected Task<OAuthStepResult<JsonDocument>> SendForJsonAsync(HttpRequestMessage request, string errorCode, string what, CancellationToken cancellationToken) =>
        Services.Backchannel.GetObjectAsync(Options.ProviderName, request, errorCode, what, cancellationToken);

    /// <summary>Exchanges the authorization code at the token endpoint. Sent once: never retried.</summary>
    /// <param name="app">The app.</param>
    /// <param name="exchange">The code, redirect URI, credentials, PKCE verifier and scope.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The tokens, or a failure.</returns>
    protected virtual async Task<OAuthStepResult<OAuthTokens>> ExchangeCodeAsync(ParaApp app, OAuthCodeExchange exchange, OAuthEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.Token)
        {
            Content = new FormUrlEncodedContent(GetTokenRequestFields(exchange)),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var document = await SendForJsonAsync(request, ParaSecurityErrors.TokenEndpointFailed, "token", cancellationToken).ConfigureAwait(false);
        if (document.Value is null)
        {
            return OAuthStepResult.Failure<OAuthTokens>(document.ErrorCode!, document.Detail!);
        }

        using (document.Value)
        {
            return OAuthTokenResponse.Read(document.Value.RootElement);
        }
    }

    /// <summary>Returns the token request's form fields, in order (Para's order by default).</summary>
    /// <param name="exchange">The code, redirect URI, credentials, PKCE verifier and scope.</param>
    /// <returns>The fields.</returns>
    protected virtual IEnumerable<KeyValuePair<string, string>> GetTokenRequestFields(OAuthCodeExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        yield return new("code", exchange.Code);
        yield return new("redirect_uri", exchange.RedirectUri);
        if (exchange.Scope is not null)
        {
            yield return new("scope", exchange.Scope); // Para's Microsoft and generic order (para-spec.md §7.2)
        }

        yield return new("client_id", exchange.Keys.ClientId);
        yield return new("client_secret", exchange.Keys.ClientSecret);
        yield return new("grant_type", "authorization_code");
        if (exchange.CodeVerifier is not null)
        {
            yield return new("code_verifier", exchange.CodeVerifier); // RFC 7636 §4.5: to the token endpoint only
        }
    }

    /// <summary>Gets the method of the profile request: GET by default; some providers want a POST.</summary>
    protected virtual HttpMethod ProfileRequestMethod => HttpMethod.Get;

    /// <summary>Reads the profile.</summary>
    /// <param name="tokens">The provider tokens.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The profile document (the caller disposes it), or a failure.</returns>
    protected virtual async Task<OAuthStepResult<JsonDocument>> GetProfileAsync(OAuthTokens tokens, OAuthEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        using var request = new HttpRequestMessage(ProfileRequestMethod, endpoints.UserInformation);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        AddAccessToken(request, tokens);
        return await SendForJsonAsync(request, ParaSecurityErrors.ProfileEndpointFailed, "profile", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the access token to the profile request (a Bearer header by default).</summary>
    /// <param name="request">The profile request.</param>
    /// <param name="tokens">The provider tokens.</param>
    protected virtual void AddAccessToken(HttpRequestMessage request, OAuthTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tokens);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
    }

    /// <summary>
    /// Completes the mapped identity after the profile call, e.g. with extra calls (GitHub's <c>/user/emails</c>, a
    /// photo) through <see cref="OAuthFilterServices.Backchannel"/>. The default returns it as it is.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="tokens">The provider tokens.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="profile">The profile answer.</param>
    /// <param name="identity">The identity mapped so far.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The identity, or a failure.</returns>
    protected virtual Task<OAuthStepResult<ExternalIdentity>> CompleteIdentityAsync(
        ParaApp app, OAuthTokens tokens, OAuthEndpoints endpoints, JsonElement profile, ExternalIdentity identity, CancellationToken cancellationToken) =>
        Task.FromResult(OAuthStepResult.Success(identity));

    /// <summary>
    /// Checks a client-supplied access token before its profile is trusted (token exchange only; the web flow obtains
    /// its tokens itself). The default accepts every token.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="tokens">The tokens.</param>
    /// <param name="endpoints">The provider endpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The tokens to use, or a failure.</returns>
    protected virtual Task<OAuthStepResult<OAuthTokens>> VerifyProviderTokenAsync(ParaApp app, OAuthTokens tokens, OAuthEndpoints endpoints, CancellationToken cancellationToken) =>
        Task.FromResult(OAuthStepResult.Success(tokens));

    /// <summary>Returns the picture of a new user (the profile's by default).</summary>
    /// <param name="identity">The identity.</param>
    /// <returns>The picture URL, or <see langword="null"/> for Para's default.</returns>
    protected virtual string? GetNewUserPicture(ExternalIdentity identity) => identity?.Picture;

    /// <summary>Gets a value indicating whether a returning user's picture follows the profile (Para: most providers yes, Amazon no).</summary>
    protected virtual bool UpdatesPicture => true;
}
