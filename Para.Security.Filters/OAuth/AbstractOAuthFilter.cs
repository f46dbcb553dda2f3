// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
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
/// Coordinates the OAuth 2 authorization-code flow of Para's provider filters (para-spec.md §3, §7.1): read the
/// callback, resolve the app and its client credentials, exchange the code, read (and validate) what the provider
/// says about the user, map it, then sign in. The parts do the work: <see cref="OAuthCorrelation"/> (sealed state,
/// PKCE, correlation cookie), <see cref="OAuthBackchannel"/> (calls), <see cref="OpenIdTokenValidator"/>,
/// <see cref="ProfileMapping"/>, and the sign-in hand-off (<c>AbstractOAuthFilter.SignIn.cs</c>). A provider
/// overrides the hooks in <c>AbstractOAuthFilter.Hooks.cs</c> that differ, usually only its endpoints.
/// </summary>
/// <typeparam name="TOptions">The provider's options.</typeparam>
public abstract partial class AbstractOAuthFilter<TOptions> : IAuthFilter, IProviderTokenSignIn
    where TOptions : OAuthFilterOptions
{
    /// <summary>Para's message for every failed OAuth sign-in except a failed user creation.</summary>
    protected const string BadCredentials = "Bad credentials.";

    /// <summary>Para's message when the user cannot be created.</summary>
    protected const string CannotCreateUser = "Authentication failed: cannot create new user.";

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
    /// Signs in with an access token the client already holds (<c>POST /jwt_auth</c>, para-spec.md §5.7): the token is
    /// first checked by <see cref="VerifyProviderTokenAsync"/> (e.g. its audience), then the profile is read and the user
    /// found, created or updated as in the web flow.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="token">The provider access token.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The active user, or a failure.</returns>
    public async Task<ProviderSignInResult> SignInAsync(ParaApp app, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (string.IsNullOrWhiteSpace(token))
        {
            // Para sends an empty token on to the provider, which refuses it; the client sees the same 400 either way.
            return ProviderSignInResult.Failure(ParaSecurityErrors.ProviderTokenInvalid, "the token is empty");
        }

        var endpoints = ResolveEndpoints(app);
        var verified = await VerifyProviderTokenAsync(app, new OAuthTokens(token, null, null), endpoints, cancellationToken).ConfigureAwait(false);
        if (verified.Value is not { } tokens)
        {
            return ProviderSignInResult.Failure(verified.ErrorCode!, verified.Detail!);
        }

        var identity = await ReadIdentityAsync(app, tokens, endpoints, null, null, cancellationToken).ConfigureAwait(false);
        return identity.Value is null
            ? ProviderSignInResult.Failure(identity.ErrorCode!, identity.Detail!)
            : await CompleteTokenSignInAsync(app, identity.Value, tokens, cancellationToken).ConfigureAwait(false);
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
            return await FailAsync(http, code, app is null ? "start for an app that does not exist" : MissingKeys(app)).ConfigureAwait(false);
        }

        var hostUrl = await ParaAuthRequest.GetParameterAsync(request, "host_url", cancellationToken).ConfigureAwait(false);
        var start = Services.Correlation.Start(request, Options, app.Id, hostUrl);
        IEnumerable<KeyValuePair<string, string?>> parameters = GetAuthorizationParameters(app, keys, start.State, start.RedirectUri, start.CodeChallenge);
        if (GetOpenIdConnect(app, keys) is not null)
        {
            parameters = parameters.Append(new("nonce", start.Nonce)); // OpenID Connect Core §3.1.2.1, checked in the id_token
        }

        var result = new RedirectResult(QueryHelpers.AddQueryString(ResolveEndpoints(app).Authorization.ToString(), parameters));
        result.Cookies.Add(start.Cookie);
        Log.Started(Logger, Options.ProviderName, app.Id);
        return result;
    }

    private async Task<AuthResult> CallbackAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var state = await ParaAuthRequest.GetParameterAsync(http.Request, "state", cancellationToken).ConfigureAwait(false);
        var opened = await Services.Correlation.OpenAsync(http.Request, Options, state, cancellationToken).ConfigureAwait(false);
        if (opened.Flow is { } flow)
        {
            // The app and host URL the sealed state carries become the request's, for the handlers too.
            new AuthRequestState(flow.AppId, flow.HostUrl).Attach(http);
        }

        var result = opened.Failed
            ? await FailAsync(http, opened.ErrorCode!, opened.Detail!).ConfigureAwait(false)
            : await AuthenticateAsync(http, opened.Flow, cancellationToken).ConfigureAwait(false);
        if (opened.SpentCookie is { } spent)
        {
            result.Cookies.Add(spent);
        }

        return result;
    }

    /// <summary>Runs the callback from the code to Para's success or failure handler.</summary>
    /// <param name="http">The callback request.</param>
    /// <param name="flow">The sealed flow the callback carries and that passed its checks; <see langword="null"/> for Para's plain state.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>The handler's result.</returns>
    protected virtual async Task<AuthResult> AuthenticateAsync(HttpContext http, OAuthFlowState? flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var code = await ParaAuthRequest.GetParameterAsync(request, "code", cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(code))
        {
            var error = await ParaAuthRequest.GetParameterAsync(request, "error", cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(error)
                ? await FailAsync(http, ParaSecurityErrors.MissingCode, "the callback has no code").ConfigureAwait(false)
                : await FailAsync(http, ParaSecurityErrors.ProviderDenied, "the provider answered error=" + OAuthBackchannel.Sanitize(error)).ConfigureAwait(false);
        }

        var appId = await ParaAuthRequest.GetAppIdAsync(request, cancellationToken).ConfigureAwait(false);
        var app = await Services.Apps.FindAsync(ParaAppId.Normalize(appId) ?? Services.Root.Id, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return await FailAsync(http, ParaSecurityErrors.UnknownApp, "app " + OAuthBackchannel.Sanitize(appId ?? Services.Root.Id) + " does not exist").ConfigureAwait(false);
        }

        if (flow is null && Services.Correlation.IsStrict(app))
        {
            return await FailAsync(http, ParaSecurityErrors.StateRequired, $"app {app.Id} requires a sealed state (strict_state); the callback had Para's plain state").ConfigureAwait(false);
        }

        var keys = Services.Settings.GetOAuthKeysForApp(app, Options.CredentialsPrefix);
        if (string.IsNullOrEmpty(keys.ClientId) || string.IsNullOrEmpty(keys.ClientSecret))
        {
            return await FailAsync(http, ParaSecurityErrors.MissingClientCredentials, MissingKeys(app)).ConfigureAwait(false);
        }

        // RFC 6749 §4.1.3: the exchange repeats the authorization's redirect_uri exactly; a sealed flow carries it.
        var endpoints = ResolveEndpoints(app);
        var redirectUri = flow?.RedirectUri ?? OAuthRedirectUri.Build(request);
        var exchange = new OAuthCodeExchange(code, redirectUri, keys, flow?.CodeVerifier, SendsScopeToTokenEndpoint(app) ? GetScope(app) : null);
        var tokens = await ExchangeCodeAsync(app, exchange, endpoints, cancellationToken).ConfigureAwait(false);
        if (tokens.Value is null)
        {
            return await FailAsync(http, tokens.ErrorCode!, tokens.Detail!).ConfigureAwait(false);
        }

        var nonce = flow is null ? null : OAuthCorrelation.OpenIdNonce(flow);
        var identity = await ReadIdentityAsync(app, tokens.Value, endpoints, GetOpenIdConnect(app, keys), nonce, cancellationToken).ConfigureAwait(false);
        return identity.Value is null
            ? await FailAsync(http, identity.ErrorCode!, identity.Detail!).ConfigureAwait(false)
            : await CompleteSignInAsync(http, app, identity.Value, tokens.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads what the provider says about the user: the claims of the validated <c>id_token</c> (OpenID Connect
    /// providers), then the profile over them, mapped by <see cref="OAuthFilterOptions.ProfileMapping"/>, completed by
    /// <see cref="CompleteIdentityAsync"/> and the application's <see cref="OAuthEvents.OnCreatingIdentity"/>.
    /// </summary>
    private async Task<OAuthStepResult<ExternalIdentity>> ReadIdentityAsync(
        ParaApp app, OAuthTokens tokens, OAuthEndpoints endpoints, OpenIdConnectValidation? openId, string? nonce, CancellationToken cancellationToken)
    {
        var identity = new ExternalIdentity();
        if (openId is not null)
        {
            var claims = await Services.IdTokens.ValidateAsync(Options.ProviderName, tokens.IdToken, openId, nonce, cancellationToken).ConfigureAwait(false);
            if (claims.Value is null)
            {
                return OAuthStepResult.Failure<ExternalIdentity>(claims.ErrorCode!, claims.Detail!);
            }

            using (claims.Value)
            {
                Options.ProfileMapping.Apply(claims.Value.RootElement, identity);
            }
        }

        var profile = await GetProfileAsync(tokens, endpoints, cancellationToken).ConfigureAwait(false);
        if (profile.Value is null)
        {
            return OAuthStepResult.Failure<ExternalIdentity>(profile.ErrorCode!, profile.Detail!);
        }

        using (profile.Value)
        {
            var root = profile.Value.RootElement;
            var completed = await CompleteIdentityAsync(app, tokens, endpoints, root, Options.ProfileMapping.Apply(root, identity), cancellationToken).ConfigureAwait(false);
            if (completed.Value is null)
            {
                return completed;
            }

            var context = new OAuthCreatingIdentityContext(Options.ProviderName, app, tokens, root, completed.Value);
            await Options.Events.CreatingIdentity(context).ConfigureAwait(false);
            return context.FailureDetail is { } refused ? OAuthStepResult.Failure<ExternalIdentity>(ParaSecurityErrors.IdentityRejected, refused)
                : string.IsNullOrWhiteSpace(context.Identity.Subject) ? OAuthStepResult.Failure<ExternalIdentity>(ParaSecurityErrors.ProfileMissingSubject, "the profile has no subject")
                : OAuthStepResult.Success(context.Identity);
        }
    }

    private string MissingKeys(ParaApp app) => $"app {app.Id} has no {Options.CredentialsPrefix}_app_id/{Options.CredentialsPrefix}_secret pair";

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, EventName = "OAuthSignedIn", Level = LogLevel.Information, Message = "{Provider} sign-in succeeded for user {UserId} of app {AppIdentifier}.")]
        public static partial void SignedIn(ILogger logger, string provider, string userId, string appIdentifier);

        [LoggerMessage(EventId = 3003, EventName = "OAuthStarted", Level = LogLevel.Debug, Message = "{Provider} sign-in started for app {AppId}.")]
        public static partial void Started(ILogger logger, string provider, string appId);

        [LoggerMessage(EventId = 3002, EventName = "OAuthSignInFailed", Level = LogLevel.Warning, Message = "{Provider} sign-in failed with {ErrorCode}: {Detail}.")]
        public static partial void SignInFailed(ILogger logger, string provider, string errorCode, string detail);
    }
}
