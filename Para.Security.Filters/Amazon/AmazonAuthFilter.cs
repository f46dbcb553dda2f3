// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Para.Security.Diagnostics;
using Para.Security.Filters.OAuth;
using Para.Security.Identity;

namespace Para.Security.Filters.Amazon;

/// <summary>
/// Login with Amazon at <c>/amazon_auth</c>, exactly as Para's <c>AmazonAuthFilter</c> (para-spec.md §3): Para's token
/// request, the profile read with <c>x-amz-access-token</c>, users <c>az:{user_id}</c>, plus regional endpoints.
/// </summary>
public sealed class AmazonAuthFilter : AbstractOAuthFilter<AmazonAuthOptions>
{
    private volatile ResolvedEndpoints? _resolved;

    /// <summary>Initializes a new instance of the <see cref="AmazonAuthFilter"/> class.</summary>
    /// <param name="services">The core services.</param>
    /// <param name="options">The Amazon options.</param>
    public AmazonAuthFilter(OAuthFilterServices services, IOptionsMonitor<AmazonAuthOptions> options)
        : base(services, options)
    {
    }

    /// <inheritdoc />
    protected override bool UpdatesPicture => false; // Para never touches an Amazon user's picture after creation

    /// <summary>Returns the endpoints for an app: its <c>security.amazon.region</c> setting, else the configured region, with configured overrides applied.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The endpoints.</returns>
    public OAuthEndpoints GetEndpoints(ParaApp app) => ResolveEndpoints(app);

    /// <summary>Returns the region for an app: its <c>security.amazon.region</c> setting when it names a region, else the configured region.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The region, <c>na</c>, <c>eu</c> or <c>fe</c>.</returns>
    public string GetRegion(ParaApp app) =>
        Services.Settings.GetSettingForApp(app, AmazonAuthDefaults.AppSettingPrefix + "region", null) is { } region && AmazonAuthDefaults.Regions.ContainsKey(region)
            ? region
            : Options.Region;

    /// <summary>Returns the scope for an app: its <c>security.amazon.scope</c> setting, else the configured scope.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The scope.</returns>
    public override string GetScope(ParaApp app) =>
        Services.Settings.GetSettingForApp(app, AmazonAuthDefaults.AppSettingPrefix + "scope", null) is { Length: > 0 } scope ? scope : Options.Scope;

    /// <inheritdoc />
    protected override OAuthEndpoints ResolveEndpoints(ParaApp app)
    {
        var options = Options;
        var endpoints = AmazonAuthDefaults.Regions[GetRegion(app)];

        // Every callback resolves its endpoints: they are parsed once per region and options instance (a change of the
        // configuration brings a new instance).
        var resolved = _resolved;
        if (!ReferenceEquals(resolved?.Options, options))
        {
            _resolved = resolved = new ResolvedEndpoints(options);
        }

        return resolved!.ByRegion.GetOrAdd(
            endpoints,
            static (regional, options) => new OAuthEndpoints(
                new Uri(Pick(options.AuthorizeUrl, regional.Authorize)),
                new Uri(Pick(options.TokenUrl, regional.Token)),
                new Uri(Pick(options.ProfileUrl, regional.Profile)),
                new Uri(Pick(options.TokenInfoUrl, regional.TokenInfo))),
            options);
    }

    /// <summary>
    /// Checks the access token's audience with Login with Amazon's token-info endpoint before its profile is trusted:
    /// <c>aud</c> must be the app's <c>az_app_id</c> (off with <c>para.security.amazon.check_token_audience = false</c>).
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="tokens">The client-supplied token.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The tokens, or a failure (<c>PARASEC1011</c> on a mismatch).</returns>
    protected override async Task<OAuthStepResult<OAuthTokens>> VerifyProviderTokenAsync(ParaApp app, OAuthTokens tokens, OAuthEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!Options.CheckTokenAudience)
        {
            return OAuthStepResult.Success(tokens);
        }

        var clientId = Services.Settings.GetOAuthKeysForApp(app, Options.CredentialsPrefix).ClientId;
        if (string.IsNullOrEmpty(clientId) || endpoints.TokenInformation is null)
        {
            return OAuthStepResult.Failure<OAuthTokens>(ParaSecurityErrors.MissingClientCredentials, $"app {app?.Id} has no az_app_id to check the token's audience against");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString(endpoints.TokenInformation.ToString(), "access_token", tokens.AccessToken));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var info = await SendForJsonAsync(request, ParaSecurityErrors.TokenEndpointFailed, "tokeninfo", cancellationToken).ConfigureAwait(false);
        if (info.Value is null)
        {
            return OAuthStepResult.Failure<OAuthTokens>(info.ErrorCode!, info.Detail!);
        }

        using (info.Value)
        {
            var aud = info.Value.RootElement.TryGetProperty("aud", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return string.Equals(aud, clientId, StringComparison.Ordinal)
                ? OAuthStepResult.Success(tokens)
                : OAuthStepResult.Failure<OAuthTokens>(ParaSecurityErrors.TokenAudienceMismatch, aud is null ? "token info has no aud (invalid or expired token)" : "the token was issued to another client");
        }
    }

    /// <inheritdoc />
    protected override void AddAccessToken(HttpRequestMessage request, OAuthTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tokens);
        request.Headers.Add("x-amz-access-token", tokens.AccessToken);
    }

    /// <inheritdoc />
    protected override string? GetNewUserPicture(ExternalIdentity identity) => Gravatar.Url(identity?.Email); // the raw profile email, as Para

    private static string Pick(string configured, string regional) => string.IsNullOrWhiteSpace(configured) ? regional : configured;

    private sealed class ResolvedEndpoints(AmazonAuthOptions options)
    {
        public AmazonAuthOptions Options { get; } = options;

        public ConcurrentDictionary<AmazonRegionEndpoints, OAuthEndpoints> ByRegion { get; } = new();
    }
}
