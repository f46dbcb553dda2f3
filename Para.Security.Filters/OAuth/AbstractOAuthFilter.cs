// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Para.Security.Authentication;
using Para.Security.Diagnostics;
using Para.Security.Handlers;
using Para.Security.Identity;
using Para.Security.Pipeline;
using Para.Security.Pipeline.Results;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// The OAuth 2 authorization-code flow of Para's provider filters (para-spec.md §3, §7.1): read the callback, resolve
/// the app and its client credentials, rebuild <c>redirect_uri</c>, exchange the code, read the profile, map it to an
/// <see cref="ExternalIdentity"/>, and hand it to the sign-in unit of work (<see cref="ExternalSignIn"/>), which finds,
/// creates or updates the user and answers through Para's success or failure handler. A provider overrides only what
/// differs, usually its endpoints and how the profile request carries the token.
/// </summary>
/// <typeparam name="TOptions">The provider's options.</typeparam>
public abstract partial class AbstractOAuthFilter<TOptions> : IAuthFilter, IProviderTokenSignIn
    where TOptions : OAuthFilterOptions
{
    private const string CorrelationItem = "para.oauth.correlation";

    private readonly IOptionsMonitor<TOptions> _options;

    /// <summary>Initializes a new instance of the <see cref="AbstractOAuthFilter{TOptions}"/> class.</summary>
    /// <param name="services">The core services.</param>
    /// <param name="options">The provider options.</param>
    protected AbstractOAuthFilter(OAuthFilterServices services, IOptionsMonitor<TOptions> options)
    {
        Services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Logger = services.LoggerFactory.CreateLogger(GetType());
    }

    /// <summary>Gets the core services.</summary>
    protected OAuthFilterServices Services { get; }

    /// <summary>Gets the current provider options.</summary>
    protected TOptions Options => _options.CurrentValue;

    /// <summary>Gets the filter's logger.</summary>
    protected ILogger Logger { get; }

    /// <summary>Gets the path that starts a server-initiated sign-in: the callback path plus <c>/start</c>.</summary>
    public string StartPath => Options.CallbackPath + "/start";

    /// <inheritdoc />
    public string Provider => Options.ProviderName;

    /// <summary>
    /// Reads the identity behind an access token the client already holds (<c>POST /jwt_auth</c>, para-spec.md §5.7):
    /// the token is first checked by <see cref="VerifyProviderTokenAsync"/> (e.g. its audience), then the profile is
    /// read and mapped as in the web flow. The endpoint hands the identity to <see cref="ExternalSignIn"/>.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="token">The provider access token.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The identity, or a failure.</returns>
    public async Task<ProviderSignInResult> ReadIdentityAsync(ParaApp app, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (string.IsNullOrWhiteSpace(token))
        {
            // Para sends an empty token on to the provider, which refuses it; the client sees the same 400 either way.
            return ProviderSignInResult.Failure(ParaSecurityErrors.ProviderTokenInvalid, "the token is empty");
        }

        var endpoints = ResolveEndpoints(app);
        var tokens = new OAuthTokens(token, null, null);
        var verified = await VerifyProviderTokenAsync(app, tokens, endpoints, cancellationToken).ConfigureAwait(false);
        var identity = verified.Value is null
            ? Fail<ExternalIdentity>(verified.ErrorCode!, verified.Detail!)
            : await ReadIdentityWithTokenAsync(verified.Value, endpoints, cancellationToken).ConfigureAwait(false);
        return identity.Value is { } found
            ? ProviderSignInResult.Success(found)
            : ProviderSignInResult.Failure(identity.ErrorCode!, identity.Detail!);
    }

    /// <inheritdoc />
    public async ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var result = string.Equals(context.Path.Value, StartPath, StringComparison.Ordinal)
            ? await StartAsync(http, context.RequestAborted).ConfigureAwait(false)
            : await CallbackAsync(http, context.RequestAborted).ConfigureAwait(false);

        // RFC 9700 §4.2.4: codes, states and (for Para compatibility) tokens travel in these URLs; never leak them via Referer or caches.
        result.Headers["Referrer-Policy"] = "no-referrer";
        result.Headers["Cache-Control"] = "no-store";
        return AuthFilterResult.Handled(result);
    }

    /// <summary>
    /// Starts a sign-in (<c>GET /{provider}_auth/start?appid=…[&amp;host_url=…]</c>): redirects to the provider with a
    /// sealed, expiring state bound to this browser by a correlation cookie, and a PKCE S256 challenge.
    /// </summary>
    /// <param name="http">The start request.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>The redirect to the provider, or the failure handler's result.</returns>
    protected virtual async Task<AuthResult> StartAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var appId = await ParaAuthRequest.GetParameterAsync(request, "appid", cancellationToken).ConfigureAwait(false);
        var app = await Services.Apps.FindAsync(ParaAppId.Normalize(appId) ?? Services.Root.Id, cancellationToken).ConfigureAwait(false);
        var keys = app is null ? ParaOAuthKeys.Empty : Services.Settings.GetOAuthKeysForApp(app, Options.CredentialsPrefix);
        if (app is null || string.IsNullOrEmpty(keys.ClientId) || string.IsNullOrEmpty(keys.ClientSecret))
        {
            var code = app is null ? ParaSecurityErrors.UnknownApp : ParaSecurityErrors.MissingClientCredentials;
            var detail = app is null ? "start for an app that does not exist" : $"app {app.Id} has no {Options.CredentialsPrefix}_app_id/{Options.CredentialsPrefix}_secret pair";
            var handlers = await SignInHandlerSettings.FromRequestAsync(request, cancellationToken).ConfigureAwait(false);
            var failed = await Services.SignIn.FailAsync(http, handlers, Options.ProviderName, code, detail, Services.SignIn.GetTimestamp()).ConfigureAwait(false);
            return failed.Answer!;
        }

        var lifetime = Services.Security.CurrentValue.StateLifetime;
        var expires = Services.TimeProvider.GetUtcNow() + lifetime;
        var verifier = OAuthStateProtector.NewRandom();
        var redirectUri = OAuthRedirectUri.ForCallback(request, Options.CallbackPath);
        var hostUrl = await ParaAuthRequest.GetParameterAsync(request, "host_url", cancellationToken).ConfigureAwait(false);
        var flow = new OAuthFlowState(app.Id, OAuthStateProtector.NewRandom(), verifier, redirectUri, string.IsNullOrWhiteSpace(hostUrl) ? null : hostUrl, expires.ToUnixTimeSeconds());
        var state = Services.StateProtector.Seal(flow);
        var location = QueryHelpers.AddQueryString(
            ResolveEndpoints(app).Authorization.ToString(),
            GetAuthorizationParameters(app, keys, state, redirectUri, OAuthStateProtector.S256Challenge(verifier)));
        var result = new RedirectResult(location);
        result.Cookies.Add(new AuthCookie(CorrelationCookieName(flow.Nonce), "1", CorrelationCookieOptions(request, lifetime)));
        Log.Started(Logger, Options.ProviderName, app.Id);
        return result;
    }

    /// <summary>Returns the authorization request's parameters, in order (RFC 6749 §4.1.1, RFC 7636 §4.3).</summary>
    /// <param name="app">The app.</param>
    /// <param name="keys">The client credentials.</param>
    /// <param name="state">The sealed state.</param>
    /// <param name="redirectUri">The redirect URI.</param>
    /// <param name="codeChallenge">The PKCE S256 challenge.</param>
    /// <returns>The parameters.</returns>
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

    /// <summary>Returns the scope to request for an app.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The scope.</returns>
    public virtual string GetScope(ParaApp app) => Options.Scope;

    private async Task<AuthResult> CallbackAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var started = Services.SignIn.GetTimestamp();
        var (flow, sealedState) = await ReadSealedStateAsync(http, cancellationToken).ConfigureAwait(false);

        // A sealed state carries the app and host URL the handlers answer with; Para's parameters no longer apply.
        var handlers = await SignInHandlerSettings.FromRequestAsync(http.Request, cancellationToken).ConfigureAwait(false);
        if (flow is not null)
        {
            handlers = handlers.ForEstablishedFlow(flow.AppId, flow.HostUrl);
        }

        var outcome = await AuthenticateAsync(http, sealedState, cancellationToken).ConfigureAwait(false);
        var signIn = outcome.Value is { } found
            ? await Services.SignIn.SignInAsync(http, handlers, found.App, found.Identity, started).ConfigureAwait(false)
            : await Services.SignIn.FailAsync(http, handlers, Options.ProviderName, outcome.ErrorCode!, outcome.Detail!, started).ConfigureAwait(false);
        var result = signIn.Answer!;

        // The correlation cookie is spent by its first callback, whatever the outcome.
        if (http.Items[CorrelationItem] is AuthCookie spent)
        {
            result.Cookies.Add(spent);
        }

        return result;
    }

    /// <summary>
    /// Opens and checks a sealed state: not altered, not expired, bound to this browser. Returns the opened flow (its app
    /// and host URL are the handlers' even when a later check fails) and the check's result; both
    /// <see langword="null"/> for Para's plain state.
    /// </summary>
    private async Task<(OAuthFlowState? Opened, OAuthStepResult<OAuthFlowState>? Checked)> ReadSealedStateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var state = await ParaAuthRequest.GetParameterAsync(request, "state", cancellationToken).ConfigureAwait(false);
        if (!OAuthStateProtector.IsSealed(state))
        {
            return (null, null);
        }

        var flow = Services.StateProtector.Unseal(state!);
        if (flow is null)
        {
            return (null, Fail<OAuthFlowState>(ParaSecurityErrors.StateInvalid, "the state was not sealed by this deployment, or was altered"));
        }

        return (flow, await CheckSealedStateAsync(http, flow, cancellationToken).ConfigureAwait(false));
    }

    private async Task<OAuthStepResult<OAuthFlowState>> CheckSealedStateAsync(HttpContext http, OAuthFlowState flow, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var cookie = CorrelationCookieName(flow.Nonce);
        http.Items[CorrelationItem] = new AuthCookie(cookie, string.Empty, CorrelationCookieOptions(request, TimeSpan.Zero), Delete: true);
        if (Services.TimeProvider.GetUtcNow().ToUnixTimeSeconds() > flow.ExpiresAt)
        {
            return Fail<OAuthFlowState>(ParaSecurityErrors.StateExpired, "the state has expired; the user took too long, or it was replayed");
        }

        if (!request.Cookies.ContainsKey(cookie))
        {
            return Fail<OAuthFlowState>(ParaSecurityErrors.CorrelationMissing, "the correlation cookie is missing: the sign-in started in another browser, or cookies are blocked");
        }

        // RFC 9700 §4.7: the state is single-use on the server too, on every instance, whatever the browser keeps.
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("oauth-state:" + flow.Nonce)));
        var now = Services.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await Services.UsedTokens.TryUseAsync(digest, flow.ExpiresAt * 1000, now, cancellationToken).ConfigureAwait(false))
        {
            return Fail<OAuthFlowState>(ParaSecurityErrors.StateReplayed, "the state was used before");
        }

        return OAuthStepResult.Success(flow);
    }

    private bool IsStrict(ParaApp app) =>
        Services.Settings.GetSettingForApp(app, "security.oauth.strict_state", null) is { } perApp
            ? string.Equals(perApp.Trim(), "true", StringComparison.OrdinalIgnoreCase)
            : Services.Security.CurrentValue.StrictState;

    private string CorrelationCookieName(string nonce) => ".para.correlation." + Options.ProviderName + "." + nonce;

    private CookieOptions CorrelationCookieOptions(HttpRequest request, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = request.IsHttps,
        SameSite = SameSiteMode.Lax, // the provider's redirect back is a top-level GET
        Path = request.PathBase.Add(Options.CallbackPath),
        MaxAge = lifetime,
        IsEssential = true,
    };

    /// <summary>Runs the flow up to the app and the identity the provider established, or a failure; the sign-in itself is <see cref="ExternalSignIn"/>'s.</summary>
    /// <param name="http">The callback request.</param>
    /// <param name="sealedState">The checked sealed state, or <see langword="null"/> for Para's plain state.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>The app and identity, or a failure.</returns>
    protected virtual async Task<OAuthStepResult<OAuthSignIn>> AuthenticateAsync(HttpContext http, OAuthStepResult<OAuthFlowState>? sealedState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (sealedState is { Value: null } broken)
        {
            return Fail<OAuthSignIn>(broken.ErrorCode!, broken.Detail!);
        }

        var flow = sealedState?.Value;
        var code = await ParaAuthRequest.GetParameterAsync(request, "code", cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(code))
        {
            var error = await ParaAuthRequest.GetParameterAsync(request, "error", cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(error)
                ? Fail<OAuthSignIn>(ParaSecurityErrors.MissingCode, "the callback has no code")
                : Fail<OAuthSignIn>(ParaSecurityErrors.ProviderDenied, "the provider answered error=" + Sanitize(error));
        }

        var appId = flow?.AppId ?? await ParaAuthRequest.GetAppIdAsync(request, cancellationToken).ConfigureAwait(false);
        var app = await Services.Apps.FindAsync(ParaAppId.Normalize(appId) ?? Services.Root.Id, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return Fail<OAuthSignIn>(ParaSecurityErrors.UnknownApp, "app " + Sanitize(appId ?? Services.Root.Id) + " does not exist");
        }

        if (flow is null && IsStrict(app))
        {
            return Fail<OAuthSignIn>(ParaSecurityErrors.StateRequired, $"app {app.Id} requires a sealed state (strict_state); the callback had Para's plain state");
        }

        var keys = Services.Settings.GetOAuthKeysForApp(app, Options.CredentialsPrefix);
        if (string.IsNullOrEmpty(keys.ClientId) || string.IsNullOrEmpty(keys.ClientSecret))
        {
            return Fail<OAuthSignIn>(ParaSecurityErrors.MissingClientCredentials, $"app {app.Id} has no {Options.CredentialsPrefix}_app_id/{Options.CredentialsPrefix}_secret pair");
        }

        var endpoints = ResolveEndpoints(app);

        // RFC 6749 §4.1.3: the exchange repeats the authorization's redirect_uri exactly; a sealed flow carries it.
        var redirectUri = flow?.RedirectUri ?? OAuthRedirectUri.Build(request);
        var tokens = await ExchangeCodeAsync(app, code, redirectUri, keys, endpoints, flow?.CodeVerifier, cancellationToken).ConfigureAwait(false);
        if (tokens.Value is null)
        {
            return Fail<OAuthSignIn>(tokens.ErrorCode!, tokens.Detail!);
        }

        var identity = await ReadIdentityWithTokenAsync(tokens.Value, endpoints, cancellationToken).ConfigureAwait(false);
        return identity.Value is { } found
            ? OAuthStepResult.Success(new OAuthSignIn(app, found))
            : Fail<OAuthSignIn>(identity.ErrorCode!, identity.Detail!);
    }

    /// <summary>
    /// Reads the profile for an access token and maps it to the identity the sign-in unit of work provisions: the
    /// second half of the flow, shared with token-exchange endpoints such as <c>POST /jwt_auth</c>.
    /// </summary>
    /// <param name="tokens">The provider tokens.</param>
    /// <param name="endpoints">The provider endpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The identity, or a failure.</returns>
    protected async Task<OAuthStepResult<ExternalIdentity>> ReadIdentityWithTokenAsync(OAuthTokens tokens, OAuthEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(endpoints);
        var profile = await GetProfileAsync(tokens, endpoints, cancellationToken).ConfigureAwait(false);
        if (profile.Value is null)
        {
            return Fail<ExternalIdentity>(profile.ErrorCode!, profile.Detail!);
        }

        ExternalIdentity identity;
        using (profile.Value)
        {
            var root = profile.Value.RootElement;
            identity = Options.ProfileMapping.Apply(root) with { Profile = root.Clone() };
        }

        if (string.IsNullOrWhiteSpace(identity.Subject))
        {
            return Fail<ExternalIdentity>(ParaSecurityErrors.ProfileMissingSubject, "the profile has no subject");
        }

        // Para's social-login rules (§3.1 step 8), with this provider's picture rules and placeholder email domain.
        identity = identity with
        {
            Provider = Options.ProviderName,
            Identifier = Options.IdentifierPrefix + identity.Subject,
            ReturningUserPicture = UpdatesPicture ? ExternalPictureRule.WhenGiven : ExternalPictureRule.Never,
            EmailFallbackDomain = Options.EmailFallbackDomain,
            Tokens = new ExternalTokens(tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresIn),
        };
        return OAuthStepResult.Success(identity with { NewUserPicture = GetNewUserPicture(identity) });
    }

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

    /// <summary>Returns the provider endpoints for an app.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The endpoints.</returns>
    protected abstract OAuthEndpoints ResolveEndpoints(ParaApp app);

    /// <summary>Returns the token request's form fields, in order (Para's order by default).</summary>
    /// <param name="code">The authorization code.</param>
    /// <param name="redirectUri">The redirect URI.</param>
    /// <param name="keys">The client credentials.</param>
    /// <param name="codeVerifier">The PKCE verifier of a sealed flow; <see langword="null"/> for Para's client-started flow.</param>
    /// <returns>The fields.</returns>
    protected virtual IEnumerable<KeyValuePair<string, string>> GetTokenRequestFields(string code, string redirectUri, ParaOAuthKeys keys, string? codeVerifier)
    {
        yield return new("code", code);
        yield return new("redirect_uri", redirectUri);
        yield return new("client_id", keys.ClientId);
        yield return new("client_secret", keys.ClientSecret);
        yield return new("grant_type", "authorization_code");
        if (codeVerifier is not null)
        {
            yield return new("code_verifier", codeVerifier); // RFC 7636 §4.5: to the token endpoint only
        }
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

    /// <summary>Returns the picture of a new user (the profile's by default).</summary>
    /// <param name="identity">The identity.</param>
    /// <returns>The picture URL, or <see langword="null"/> for Para's default.</returns>
    protected virtual string? GetNewUserPicture(ExternalIdentity identity) => identity?.Picture;

    /// <summary>Gets a value indicating whether a returning user's picture follows the profile (Para: most providers yes, Amazon no).</summary>
    protected virtual bool UpdatesPicture => true;

    /// <summary>Exchanges the authorization code at the token endpoint. Sent once: never retried.</summary>
    /// <param name="app">The app.</param>
    /// <param name="code">The code.</param>
    /// <param name="redirectUri">The redirect URI, as the browser was sent with it.</param>
    /// <param name="keys">The client credentials.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="codeVerifier">The PKCE verifier, for a sealed flow.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The tokens, or a failure.</returns>
    protected virtual async Task<OAuthStepResult<OAuthTokens>> ExchangeCodeAsync(
        ParaApp app, string code, string redirectUri, ParaOAuthKeys keys, OAuthEndpoints endpoints, string? codeVerifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.Token)
        {
            Content = new FormUrlEncodedContent(GetTokenRequestFields(code, redirectUri, keys, codeVerifier)),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var document = await SendForJsonAsync(request, ParaSecurityErrors.TokenEndpointFailed, "token", cancellationToken).ConfigureAwait(false);
        if (document.Value is null)
        {
            return OAuthStepResult.Failure<OAuthTokens>(document.ErrorCode!, document.Detail!);
        }

        using (document.Value)
        {
            var root = document.Value.RootElement;
            var accessToken = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("access_token", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString() : null;
            if (string.IsNullOrEmpty(accessToken))
            {
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.ToString() : "no access_token";
                return OAuthStepResult.Failure<OAuthTokens>(ParaSecurityErrors.TokenRejected, "the token endpoint answered " + Sanitize(error));
            }

            var refresh = root.TryGetProperty("refresh_token", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
            return OAuthStepResult.Success(new OAuthTokens(accessToken, refresh, ReadExpiresIn(root)));
        }
    }

    /// <summary>Reads the profile.</summary>
    /// <param name="tokens">The provider tokens.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The profile document (the caller disposes it), or a failure.</returns>
    protected virtual async Task<OAuthStepResult<JsonDocument>> GetProfileAsync(OAuthTokens tokens, OAuthEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.UserInformation);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        AddAccessToken(request, tokens);
        return await SendForJsonAsync(request, ParaSecurityErrors.ProfileEndpointFailed, "profile", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a backchannel request and parses a JSON object answer; every transport or format failure becomes <paramref name="errorCode"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="errorCode">The code for failures.</param>
    /// <param name="what">What is called, for the log.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The document, or a failure.</returns>
    protected async Task<OAuthStepResult<JsonDocument>> SendForJsonAsync(HttpRequestMessage request, string errorCode, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = Services.HttpClientFactory.CreateClient(BackchannelServiceCollectionExtensions.ClientNamePrefix + Options.ProviderName);
        try
        {
            var started = Services.TimeProvider.GetTimestamp();
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (Logger.IsEnabled(LogLevel.Debug))
            {
                var elapsed = Services.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
                var host = request.RequestUri?.Authority;
                Log.BackchannelCall(Logger, Options.ProviderName, what, host, (int)response.StatusCode, elapsed);
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} endpoint answered HTTP {(int)response.StatusCode} with a body that is not JSON");
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} endpoint answered HTTP {(int)response.StatusCode} with JSON that is not an object");
            }

            return OAuthStepResult.Success(document);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} call took longer than para.security.backchannel.total_timeout");
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} endpoint did not answer within para.security.backchannel.attempt_timeout");
        }
#pragma warning disable CA1031 // Network failures, timeouts, open circuits and size-cap breaches all end in the failure handler.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} call failed: {ex.GetType().Name}");
        }
    }

    private static long? ReadExpiresIn(JsonElement root)
    {
        // Amazon documents a number; some clients of it have seen a numeric string. Accept both.
        if (!root.TryGetProperty("expires_in", out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    private static OAuthStepResult<T> Fail<T>(string code, string detail)
        where T : class => OAuthStepResult.Failure<T>(code, detail);

    // Provider-supplied text goes to logs only after it is cut short and stripped of control characters.
    private static string Sanitize(string value)
    {
        var text = value.Length > 64 ? value[..64] : value;
        return string.Concat(text.Where(c => !char.IsControl(c)));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3003, EventName = "OAuthStarted", Level = LogLevel.Debug, Message = "{Provider} sign-in started for app {AppId}.")]
        public static partial void Started(ILogger logger, string provider, string appId);

        [LoggerMessage(EventId = 3004, EventName = "OAuthBackchannelCall", Level = LogLevel.Debug, Message = "{Provider} {Endpoint} call to {Host} answered HTTP {StatusCode} in {ElapsedMilliseconds:0.0} ms.")]
        public static partial void BackchannelCall(ILogger logger, string provider, string endpoint, string? host, int statusCode, double elapsedMilliseconds);
    }
}
