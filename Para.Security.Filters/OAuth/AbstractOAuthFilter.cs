// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
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
/// <see cref="ProfileMapping"/>; the mapped <see cref="ExternalIdentity"/> goes to the sign-in unit of work
/// (<see cref="ExternalSignIn"/>), which finds, creates or updates the user and answers through Para's handlers. A
/// provider overrides the hooks in <c>AbstractOAuthFilter.Hooks.cs</c> that differ, usually only its endpoints.
/// </summary>
/// <typeparam name="TOptions">The provider's options.</typeparam>
public abstract partial class AbstractOAuthFilter<TOptions> : IAuthFilter, IProviderTokenSignIn
    where TOptions : OAuthFilterOptions
{
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
        var verified = await VerifyProviderTokenAsync(app, new OAuthTokens(token, null, null), endpoints, cancellationToken).ConfigureAwait(false);
        if (verified.Value is not { } tokens)
        {
            return ProviderSignInResult.Failure(verified.ErrorCode!, verified.Detail!);
        }

        var identity = await ReadProviderIdentityAsync(app, tokens, endpoints, null, null, cancellationToken).ConfigureAwait(false);
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
            var handlers = await SignInHandlerSettings.FromRequestAsync(request, cancellationToken).ConfigureAwait(false);
            var failed = await Services.SignIn.FailAsync(http, handlers, Options.ProviderName, code, app is null ? "start for an app that does not exist" : MissingKeys(app), Services.SignIn.GetTimestamp()).ConfigureAwait(false);
            return failed.Answer!;
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
        var started = Services.SignIn.GetTimestamp();
        using var span = ParaSecurityTelemetry.StartSignIn(Options.ProviderName);
        var state = await ParaAuthRequest.GetParameterAsync(http.Request, "state", cancellationToken).ConfigureAwait(false);
        OAuthCallbackState opened;
        using (var step = ParaSecurityTelemetry.StartStep(ParaSecurityTelemetry.StateCheckSpan))
        {
            opened = await Services.Correlation.OpenAsync(http.Request, Options, state, cancellationToken).ConfigureAwait(false);
            ParaSecurityTelemetry.SetOutcome(step, opened.ErrorCode);
        }

        var handlers = await SignInHandlerSettings.FromRequestAsync(http.Request, cancellationToken).ConfigureAwait(false);
        if (opened.Flow is { } flow)
        {
            // The app and host URL the sealed state carries are the handlers' (even when a later check failed).
            handlers = handlers.ForEstablishedFlow(flow.AppId, flow.HostUrl);
        }

        var outcome = opened.Failed
            ? OAuthStepResult.Failure<OAuthSignIn>(opened.ErrorCode!, opened.Detail!)
            : await AuthenticateAsync(http, opened.Flow, cancellationToken).ConfigureAwait(false);
        var signIn = outcome.Value is { } found
            ? await Services.SignIn.SignInAsync(http, handlers, found.App, found.Identity, started).ConfigureAwait(false)
            : await Services.SignIn.FailAsync(http, handlers, Options.ProviderName, outcome.ErrorCode!, outcome.Detail!, started).ConfigureAwait(false);
        var result = signIn.Answer!;
        if (opened.SpentCookie is { } spent)
        {
            result.Cookies.Add(spent);
        }

        return result;
    }

    /// <summary>Runs the callback from the code to the app and the identity the provider established, or a failure; the sign-in itself is <see cref="ExternalSignIn"/>'s.</summary>
    /// <param name="http">The callback request.</param>
    /// <param name="flow">The sealed flow the callback carries and that passed its checks; <see langword="null"/> for Para's plain state.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>The app and identity, or a failure.</returns>
    protected virtual async Task<OAuthStepResult<OAuthSignIn>> AuthenticateAsync(HttpContext http, OAuthFlowState? flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var code = await ParaAuthRequest.GetParameterAsync(request, "code", cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(code))
        {
            var error = await ParaAuthRequest.GetParameterAsync(request, "error", cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(error)
                ? Fail(ParaSecurityErrors.MissingCode, "the callback has no code")
                : Fail(ParaSecurityErrors.ProviderDenied, "the provider answered error=" + OAuthBackchannel.Sanitize(error));
        }

        var appId = flow?.AppId ?? await ParaAuthRequest.GetAppIdAsync(request, cancellationToken).ConfigureAwait(false);
        var app = await Services.Apps.FindAsync(ParaAppId.Normalize(appId) ?? Services.Root.Id, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return Fail(ParaSecurityErrors.UnknownApp, "app " + OAuthBackchannel.Sanitize(appId ?? Services.Root.Id) + " does not exist");
        }

        if (flow is null && Services.Correlation.IsStrict(app))
        {
            return Fail(ParaSecurityErrors.StateRequired, $"app {app.Id} requires a sealed state (strict_state); the callback had Para's plain state");
        }

        var keys = Services.Settings.GetOAuthKeysForApp(app, Options.CredentialsPrefix);
        if (string.IsNullOrEmpty(keys.ClientId) || string.IsNullOrEmpty(keys.ClientSecret))
        {
            return Fail(ParaSecurityErrors.MissingClientCredentials, MissingKeys(app));
        }

        // RFC 6749 §4.1.3: the exchange repeats the authorization's redirect_uri exactly; a sealed flow carries it.
        var endpoints = ResolveEndpoints(app);
        var redirectUri = flow?.RedirectUri ?? OAuthRedirectUri.Build(request);
        var exchange = new OAuthCodeExchange(code, redirectUri, keys, flow?.CodeVerifier, SendsScopeToTokenEndpoint(app) ? GetScope(app) : null);
        OAuthStepResult<OAuthTokens> tokens;
        using (var step = ParaSecurityTelemetry.StartStep(ParaSecurityTelemetry.CodeExchangeSpan))
        {
            tokens = await ExchangeCodeAsync(app, exchange, endpoints, cancellationToken).ConfigureAwait(false);
            ParaSecurityTelemetry.SetOutcome(step, tokens.ErrorCode);
        }

        if (tokens.Value is null)
        {
            return Fail(tokens.ErrorCode!, tokens.Detail!);
        }

        var nonce = flow is null ? null : OAuthCorrelation.OpenIdNonce(flow);
        var identity = await ReadProviderIdentityAsync(app, tokens.Value, endpoints, GetOpenIdConnect(app, keys), nonce, cancellationToken).ConfigureAwait(false);
        return identity.Value is { } found ? OAuthStepResult.Success(new OAuthSignIn(app, found)) : Fail(identity.ErrorCode!, identity.Detail!);
    }

    /// <summary>
    /// Reads what the provider says about the user: the claims of the validated <c>id_token</c> (OpenID Connect
    /// providers), then the profile over them, mapped by <see cref="OAuthFilterOptions.ProfileMapping"/>, completed by
    /// <see cref="CompleteIdentityAsync"/> and the application's <see cref="OAuthEvents.OnCreatingIdentity"/>, and
    /// given this provider's rules for Para's user record (identifier, picture rules, placeholder email domain, tokens).
    /// </summary>
    private async Task<OAuthStepResult<ExternalIdentity>> ReadProviderIdentityAsync(
        ParaApp app, OAuthTokens tokens, OAuthEndpoints endpoints, OpenIdConnectValidation? openId, string? nonce, CancellationToken cancellationToken)
    {
        var identity = new ExternalIdentity();
        if (openId is not null)
        {
            using var step = ParaSecurityTelemetry.StartStep(ParaSecurityTelemetry.IdTokenSpan);
            var claims = await Services.IdTokens.ValidateAsync(Options.ProviderName, tokens.IdToken, openId, nonce, cancellationToken).ConfigureAwait(false);
            ParaSecurityTelemetry.SetOutcome(step, claims.ErrorCode);
            if (claims.Value is null)
            {
                return OAuthStepResult.Failure<ExternalIdentity>(claims.ErrorCode!, claims.Detail!);
            }

            using (claims.Value)
            {
                Options.ProfileMapping.Apply(claims.Value.RootElement, identity);
            }
        }

        using var profileStep = ParaSecurityTelemetry.StartStep(ParaSecurityTelemetry.ProfileSpan);
        var mapped = await ReadProfileAsync(app, tokens, endpoints, identity, cancellationToken).ConfigureAwait(false);
        ParaSecurityTelemetry.SetOutcome(profileStep, mapped.ErrorCode);
        return mapped;
    }

    // The profile call, its mapping over what the id_token said, the provider's completion and the application's event.
    private async Task<OAuthStepResult<ExternalIdentity>> ReadProfileAsync(
        ParaApp app, OAuthTokens tokens, OAuthEndpoints endpoints, ExternalIdentity identity, CancellationToken cancellationToken)
    {
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
                : OAuthStepResult.Success(ForSignIn(context.Identity, tokens, root));
        }
    }

    // Para's social-login rules (§3.1 step 8), with this provider's identifier prefix, picture rules and placeholder
    // email domain; the raw profile is a detached copy, as the document is disposed after the flow.
    private ExternalIdentity ForSignIn(ExternalIdentity identity, OAuthTokens tokens, JsonElement profile)
    {
        var result = identity with
        {
            Provider = Options.ProviderName,
            Identifier = Options.IdentifierPrefix + identity.Subject,
            ReturningUserPicture = UpdatesPicture ? ExternalPictureRule.WhenGiven : ExternalPictureRule.Never,
            EmailFallbackDomain = Options.EmailFallbackDomain,
            Profile = profile.Clone(),
            Tokens = new ExternalTokens(tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresIn, tokens.IdToken),
        };
        return result with { NewUserPicture = GetNewUserPicture(result) };
    }

    private static OAuthStepResult<OAuthSignIn> Fail(string errorCode, string detail) => OAuthStepResult.Failure<OAuthSignIn>(errorCode, detail);

    private string MissingKeys(ParaApp app) => $"app {app.Id} has no {Options.CredentialsPrefix}_app_id/{Options.CredentialsPrefix}_secret pair";

    private static partial class Log
    {
        [LoggerMessage(EventId = 3003, EventName = "OAuthStarted", Level = LogLevel.Debug, Message = "{Provider} sign-in started for app {AppId}.")]
        public static partial void Started(ILogger logger, string provider, string appId);
    }
}
