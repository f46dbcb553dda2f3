// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Para.Security.Diagnostics;
using Para.Security.Filters.OAuth;
using Para.Security.Identity;
using Para.Security.Providers;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>
/// A small OpenID Connect provider written on the base's hooks only, as the next providers will be: a nonce-bound,
/// validated id_token, the scope repeated in the token request, a POST profile request, an extra call answering a JSON
/// array (GitHub's emails), and an extra authorization parameter.
/// </summary>
internal sealed class TestOidcFilter(OAuthFilterServices services, IOptionsMonitor<TestOidcOptions> options)
    : AbstractOAuthFilter<TestOidcOptions>(services, options)
{
    /// <summary>Its registry entry: the one registration line is <c>AddOAuthProvider&lt;TestOidcFilter, TestOidcOptions&gt;(Descriptor)</c>.</summary>
    public static AuthProviderDescriptor Descriptor { get; } = new()
    {
        Name = "testoidc",
        CallbackPath = "/testoidc_auth",
        DisplayName = "Test OpenID Provider",
        CredentialsPrefix = "to",
        IdentifierPrefix = "to:",
    };

    protected override OAuthEndpoints ResolveEndpoints(ParaApp app) =>
        new(new Uri(Options.BaseUrl + "/authorize"), new Uri(Options.BaseUrl + "/token"), new Uri(Options.BaseUrl + "/userinfo"), null);

    protected override bool SendsScopeToTokenEndpoint(ParaApp app) => true;

    protected override HttpMethod ProfileRequestMethod => HttpMethod.Post;

    protected override OpenIdConnectValidation? GetOpenIdConnect(ParaApp app, ParaOAuthKeys keys) =>
        new(OidcTestKeys.Issuer, new Uri(Options.BaseUrl + "/jwks"), keys.ClientId);

    protected override IEnumerable<KeyValuePair<string, string?>> GetAuthorizationParameters(ParaApp app, ParaOAuthKeys keys, string state, string redirectUri, string codeChallenge) =>
        base.GetAuthorizationParameters(app, keys, state, redirectUri, codeChallenge).Append(new("prompt", "consent"));

    protected override async Task<OAuthStepResult<ExternalIdentity>> CompleteIdentityAsync(
        ParaApp app, OAuthTokens tokens, OAuthEndpoints endpoints, JsonElement profile, ExternalIdentity identity, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Options.BaseUrl + "/emails");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var emails = await Services.Backchannel.SendAsync(Options.ProviderName, request, ParaSecurityErrors.ProfileEndpointFailed, "emails", cancellationToken);
        if (emails.Value is null)
        {
            return OAuthStepResult.Failure<ExternalIdentity>(emails.ErrorCode!, emails.Detail!);
        }

        using (emails.Value)
        {
            identity.Email = emails.Value.RootElement.EnumerateArray()
                .Where(e => e.GetProperty("primary").GetBoolean()).Select(e => e.GetProperty("email").GetString()).FirstOrDefault();
        }

        return OAuthStepResult.Success(identity);
    }
}
