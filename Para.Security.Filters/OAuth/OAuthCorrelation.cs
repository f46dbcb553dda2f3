// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Para.Security.Diagnostics;
using Para.Security.Identity;
using Para.Security.Pipeline.Results;
using Para.Security.Storage;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// The sealed state, PKCE and correlation cookie of a server-started sign-in: <see cref="Start"/> seals the flow and
/// makes the cookie that binds it to the browser; <see cref="OpenAsync"/> opens a callback's state and checks that it
/// is unaltered, unexpired, bound to this browser and used once (RFC 6749 §10.12, RFC 7636, RFC 9700 §4.7).
/// </summary>
public sealed class OAuthCorrelation
{
    private readonly OAuthStateProtector _protector;
    private readonly IUsedTokenStore _usedTokens;
    private readonly IOptionsMonitor<OAuthSecurityOptions> _security;
    private readonly ParaSettingsResolver _settings;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="OAuthCorrelation"/> class.</summary>
    /// <param name="protector">Seals and opens the state.</param>
    /// <param name="usedTokens">Records spent states, shared by every instance.</param>
    /// <param name="security">The flow-integrity settings.</param>
    /// <param name="settings">Per-app settings (<c>security.oauth.strict_state</c>).</param>
    /// <param name="time">The clock.</param>
    public OAuthCorrelation(OAuthStateProtector protector, IUsedTokenStore usedTokens, IOptionsMonitor<OAuthSecurityOptions> security, ParaSettingsResolver settings, TimeProvider time)
    {
        _protector = protector ?? throw new ArgumentNullException(nameof(protector));
        _usedTokens = usedTokens ?? throw new ArgumentNullException(nameof(usedTokens));
        _security = security ?? throw new ArgumentNullException(nameof(security));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Seals a new flow for an app and makes its correlation cookie.</summary>
    /// <param name="request">The start request.</param>
    /// <param name="options">The provider options (name and callback path).</param>
    /// <param name="appId">The app the sign-in is for.</param>
    /// <param name="hostUrl">The <c>host_url</c> to return to, if any.</param>
    /// <returns>The state, PKCE challenge, redirect URI, nonce and cookie.</returns>
    public OAuthStart Start(HttpRequest request, OAuthFilterOptions options, string appId, string? hostUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var lifetime = _security.CurrentValue.StateLifetime;
        var verifier = OAuthStateProtector.NewRandom();
        var redirectUri = OAuthRedirectUri.ForCallback(request, options.CallbackPath);
        var expires = (_time.GetUtcNow() + lifetime).ToUnixTimeSeconds();
        var flow = new OAuthFlowState(appId, OAuthStateProtector.NewRandom(), verifier, redirectUri, string.IsNullOrWhiteSpace(hostUrl) ? null : hostUrl, expires);
        var cookie = new AuthCookie(CookieName(options, flow.Nonce), "1", CookieOptions(request, options, lifetime));
        return new OAuthStart(_protector.Seal(flow), OAuthStateProtector.S256Challenge(verifier), redirectUri, OpenIdNonce(flow), cookie);
    }

    /// <summary>Opens and checks a callback's state. A state without the sealed prefix is Para's plain form.</summary>
    /// <param name="request">The callback request.</param>
    /// <param name="options">The provider options.</param>
    /// <param name="state">The <c>state</c> parameter.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The outcome, with the correlation cookie to delete.</returns>
    public async Task<OAuthCallbackState> OpenAsync(HttpRequest request, OAuthFilterOptions options, string? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!OAuthStateProtector.IsSealed(state))
        {
            return OAuthCallbackState.Plain;
        }

        var flow = _protector.Unseal(state!);
        if (flow is null)
        {
            return new(null, null, ParaSecurityErrors.StateInvalid, "the state was not sealed by this deployment, or was altered");
        }

        // The correlation cookie is spent by its first callback, whatever the outcome.
        var name = CookieName(options, flow.Nonce);
        var spent = new AuthCookie(name, string.Empty, CookieOptions(request, options, TimeSpan.Zero), Delete: true);
        if (_time.GetUtcNow().ToUnixTimeSeconds() > flow.ExpiresAt)
        {
            return new(flow, spent, ParaSecurityErrors.StateExpired, "the state has expired; the user took too long, or it was replayed");
        }

        if (!request.Cookies.ContainsKey(name))
        {
            return new(flow, spent, ParaSecurityErrors.CorrelationMissing, "the correlation cookie is missing: the sign-in started in another browser, or cookies are blocked");
        }

        // RFC 9700 §4.7: the state is single-use on the server too, on every instance, whatever the browser keeps.
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("oauth-state:" + flow.Nonce)));
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await _usedTokens.TryUseAsync(digest, flow.ExpiresAt * 1000, now, cancellationToken).ConfigureAwait(false))
        {
            return new(flow, spent, ParaSecurityErrors.StateReplayed, "the state was used before");
        }

        return new(flow, spent, null, null);
    }

    /// <summary>Tells whether an app accepts only sealed states (<c>security.oauth.strict_state</c>, else <c>para.security.oauth.strict_state</c>).</summary>
    /// <param name="app">The app.</param>
    /// <returns><see langword="true"/> when Para's plain state is refused.</returns>
    public bool IsStrict(ParaApp app) =>
        _settings.GetSettingForApp(app, "security.oauth.strict_state", null) is { } perApp
            ? string.Equals(perApp.Trim(), "true", StringComparison.OrdinalIgnoreCase)
            : _security.CurrentValue.StrictState;

    /// <summary>
    /// Returns the OpenID Connect <c>nonce</c> of a flow: derived from its browser-binding value, so the sealed state
    /// binds the <c>id_token</c> too, and different from the cookie name the browser sees.
    /// </summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The nonce.</returns>
    public static string OpenIdNonce(OAuthFlowState flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes("oidc-nonce:" + flow.Nonce)));
    }

    private static string CookieName(OAuthFilterOptions options, string nonce) => ".para.correlation." + options.ProviderName + "." + nonce;

    private static CookieOptions CookieOptions(HttpRequest request, OAuthFilterOptions options, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = request.IsHttps,
        SameSite = SameSiteMode.Lax, // the provider's redirect back is a top-level GET
        Path = request.PathBase.Add(options.CallbackPath),
        MaxAge = lifetime,
        IsEssential = true,
    };
}
