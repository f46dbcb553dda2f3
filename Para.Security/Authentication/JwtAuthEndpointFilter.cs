// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Para.Security.Configuration;
using Para.Security.Diagnostics;
using Para.Security.Http;
using Para.Security.Identity;
using Para.Security.Json;
using Para.Security.Pipeline;
using Para.Security.RateLimiting;
using Para.Security.Pipeline.Results;
using Para.Security.Storage;
using Para.Security.Tokens;

namespace Para.Security.Authentication;

/// <summary>
/// Para's token endpoint <c>/jwt_auth</c> (<c>JWTRestfulAuthFilter</c>, para-spec.md §1.4, §5.7–§5.9), any method:
/// POST signs in with a provider token (dispatched to the registered <see cref="IProviderTokenSignIn"/>s, by name,
/// case-insensitively), GET refreshes a user token, DELETE revokes all of the user's tokens, anything else answers an
/// empty 200. No request signature, app secret or CSRF token is needed.
/// </summary>
public sealed partial class JwtAuthEndpointFilter : IAuthFilter
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/jwt_auth";

    /// <summary>The <c>para.policy</c> tag of a refusal by the per-app limit of <c>POST /jwt_auth</c>, which names its app in the body.</summary>
    private const string PerAppPolicy = "per_app";

    private const string MissingParameters = "Some of the required query parameters 'provider', 'appid', 'token', are missing.";

    private readonly IAppStore _apps;
    private readonly ParaAppRateLimiter _appLimits;
    private readonly ParaRootApp _root;
    private readonly ParaUserService _users;
    private readonly ParaJwtIssuer _issuer;
    private readonly ParaJwtExtractor _extractor;
    private readonly ParaJwtValidator _validator;
    private readonly ExternalSignIn _signIn;
    private readonly Dictionary<string, IProviderTokenSignIn> _providers;
    private readonly ILogger<JwtAuthEndpointFilter> _logger;
    private readonly ParaSecurityTelemetry _telemetry;
    private readonly long _maxEntitySize;

    /// <summary>Initializes a new instance of the <see cref="JwtAuthEndpointFilter"/> class.</summary>
    /// <param name="apps">The app store.</param>
    /// <param name="root">The root-app knowledge.</param>
    /// <param name="users">The user rules (token-secret reset).</param>
    /// <param name="issuer">The token issuer.</param>
    /// <param name="extractor">Finds the Bearer token of a refresh or revoke.</param>
    /// <param name="validator">Validates it.</param>
    /// <param name="signIn">The sign-in unit of work a provider's identity is handed to.</param>
    /// <param name="providers">The registered providers; the first one of each name wins.</param>
    /// <param name="config">The Para configuration; reads <c>para.max_entity_size_bytes</c>.</param>
    /// <param name="appLimits">The shared per-app sign-in limit.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="telemetry">Counts the per-app limit's refusals.</param>
    public JwtAuthEndpointFilter(
        IAppStore apps,
        ParaRootApp root,
        ParaUserService users,
        ParaJwtIssuer issuer,
        ParaJwtExtractor extractor,
        ParaJwtValidator validator,
        ExternalSignIn signIn,
        IEnumerable<IProviderTokenSignIn> providers,
        ParaConfig config,
        ParaAppRateLimiter appLimits,
        ILogger<JwtAuthEndpointFilter> logger,
        ParaSecurityTelemetry telemetry)
    {
        _telemetry = telemetry ?? throw new ArgumentNullException(nameof(telemetry));
        _appLimits = appLimits ?? throw new ArgumentNullException(nameof(appLimits));
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(config);
        _apps = apps ?? throw new ArgumentNullException(nameof(apps));
        _root = root ?? throw new ArgumentNullException(nameof(root));
        _users = users ?? throw new ArgumentNullException(nameof(users));
        _issuer = issuer ?? throw new ArgumentNullException(nameof(issuer));
        _extractor = extractor ?? throw new ArgumentNullException(nameof(extractor));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _signIn = signIn ?? throw new ArgumentNullException(nameof(signIn));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _providers = new Dictionary<string, IProviderTokenSignIn>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            _providers.TryAdd(provider.Provider, provider);
        }

        _maxEntitySize = config.GetInt64("max_entity_size_bytes", RequestBodyReader.DefaultMaxEntitySizeBytes);
    }

    /// <summary>Gets the names of the providers <c>POST /jwt_auth</c> dispatches to.</summary>
    public IReadOnlyCollection<string> Providers => _providers.Keys;

    /// <inheritdoc />
    public async ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsPost(method))
        {
            return await SignInAsync(http, context.RequestAborted).ConfigureAwait(false);
        }

        if (HttpMethods.IsGet(method))
        {
            return await RefreshAsync(http, context.RequestAborted).ConfigureAwait(false);
        }

        if (HttpMethods.IsDelete(method))
        {
            return await RevokeAsync(http, context.RequestAborted).ConfigureAwait(false);
        }

        return AuthFilterResult.Handled(new StatusCodeResult(StatusCodes.Status200OK)); // Para's quirk: nothing written
    }

    private async Task<AuthFilterResult> SignInAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var started = _signIn.GetTimestamp();
        var body = await RequestJson.ReadAsync(http.Request, _maxEntitySize, cancellationToken).ConfigureAwait(false);
        if (body.Failure is { } failure)
        {
            return Reject(failure.StatusCode, failure.Message, failure.ErrorCode);
        }

        string? provider, appId, token;
        using (var document = body.Value!)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Reject(StatusCodes.Status400BadRequest, "Malformed JSON: the body must be an object.", ParaSecurityErrors.MalformedJson);
            }

            // Para casts each field to a string and answers 500 for any other JSON type; a 400 names the field instead.
            if (!TryReadString(document.RootElement, "provider", out provider, out var bad)
                || !TryReadString(document.RootElement, "appid", out appId, out bad)
                || !TryReadString(document.RootElement, "token", out token, out bad))
            {
                return Reject(StatusCodes.Status400BadRequest, $"Invalid request: '{bad}' must be a string.", ParaSecurityErrors.MissingSignInParameters);
            }
        }

        if (provider is null || appId is null || token is null)
        {
            return Reject(StatusCodes.Status400BadRequest, MissingParameters, ParaSecurityErrors.MissingSignInParameters);
        }

        if (_root.IsRoot(appId))
        {
            return Reject(
                StatusCodes.Status403Forbidden,
                $"Can't authenticate user with app '{appId}' using provider '{provider}'. Reason: clients aren't allowed to access root app.",
                ParaSecurityErrors.RootAppSignInRefused);
        }

        // The per-app sign-in limit: the middleware cannot see an app named in the body, so it is counted here.
        if (!_appLimits.TryAcquire(appId, out var retryAfter))
        {
            _telemetry.RateLimitRefused(PerAppPolicy);
            return AuthFilterResult.Rejected(new AuthError(StatusCodes.Status429TooManyRequests, ParaRateLimiting.TooManyRequestsMessage, ParaSecurityErrors.TooManyRequests)
            {
                Headers = new Dictionary<string, string> { ["Retry-After"] = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture) },
            });
        }

        var app = ParaAppId.Normalize(appId) is { } id ? await _apps.FindAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (app is null)
        {
            return Reject(StatusCodes.Status400BadRequest, $"User belongs to app '{appId}' which does not exist. ", ParaSecurityErrors.UnknownApp);
        }

        // The provider verifies its token and names the user; the unit of work signs the user in (one log line either way).
        _providers.TryGetValue(provider, out var handler);
        using var span = ParaSecurityTelemetry.StartSignIn(handler?.Provider ?? ParaSecurityTelemetry.UnknownProvider);
        var verified = handler is not null
            ? await handler.ReadIdentityAsync(app, token, cancellationToken).ConfigureAwait(false)
            : ProviderSignInResult.Failure(ParaSecurityErrors.UnknownProvider, "no provider of that name is registered");
        var result = verified.Identity is { } identity
            ? await _signIn.ExchangeAsync(app, identity, started, cancellationToken).ConfigureAwait(false)
            : _signIn.Fail(Sanitize(provider), app.Id, verified.ErrorCode!, verified.Detail!, started);
        if (result is { SessionToken: { } session, User: { } user })
        {
            return AuthFilterResult.Handled(new JsonResult(StatusCodes.Status200OK, ParaJson.SignIn(session, user)));
        }

        // Para falls through to the "missing parameters" answer when the token cannot be signed.
        return result.ErrorCode == ParaSecurityErrors.SessionTokenFailed
            ? Reject(StatusCodes.Status400BadRequest, MissingParameters, ParaSecurityErrors.SessionTokenFailed)
            : Reject(StatusCodes.Status400BadRequest, $"Failed to authenticate user with '{provider}'. Check if user is active.", result.ErrorCode!);
    }

    private async Task<AuthFilterResult> RefreshAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var found = await ValidUserTokenAsync(http.Request, cancellationToken).ConfigureAwait(false);
        var session = found is { } ok ? await _issuer.IssueSessionTokenAsync(ok.App, ok.User, cancellationToken).ConfigureAwait(false) : null;
        if (found is null || session is null)
        {
            return Reject(StatusCodes.Status401Unauthorized, "User must reauthenticate.", ParaSecurityErrors.RefreshRejected, "Bearer error=\"invalid_token\"");
        }

        return AuthFilterResult.Handled(new JsonResult(StatusCodes.Status200OK, ParaJson.SignIn(session, found.Value.User)));
    }

    private async Task<AuthFilterResult> RevokeAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (await ValidUserTokenAsync(http.Request, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return Reject(StatusCodes.Status401Unauthorized, "Invalid or expired token.", ParaSecurityErrors.RevokeRejected, "Bearer");
        }

        await _users.ResetTokenSecretAsync(found.User, cancellationToken).ConfigureAwait(false);
        Log.Revoked(_logger, found.User.Id, found.App.Id);
        return AuthFilterResult.Handled(new JsonResult(StatusCodes.Status200OK, ParaJson.Error(StatusCodes.Status200OK, $"All tokens revoked for user {found.User.Id}!")));
    }

    private async Task<(ParaApp App, ParaUser User)?> ValidUserTokenAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var token = await _extractor.ExtractAsync(request, cancellationToken).ConfigureAwait(false);
        if (token.Kind != ParaBearerTokenKind.User || !await _validator.ValidateUserTokenAsync(token.Token!, token.App!, token.User!).ConfigureAwait(false))
        {
            return null;
        }

        return (token.App!, token.User!);
    }

    private static bool TryReadString(JsonElement root, string name, out string? value, out string bad)
    {
        bad = name;
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static AuthFilterResult Reject(int status, string message, string code, string? challenge = null) =>
        AuthFilterResult.Rejected(new AuthError(status, message, code)
        {
            Headers = challenge is null ? null : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["WWW-Authenticate"] = challenge },
        });

    // Client-supplied text reaches logs only cut short and without control characters.
    private static string Sanitize(string value) => string.Concat((value.Length > 32 ? value[..32] : value).Where(c => !char.IsControl(c)));

    private static partial class Log
    {
        [LoggerMessage(EventId = 2003, EventName = "TokensRevoked", Level = LogLevel.Information, Message = "Revoked every token of user {UserId} of app {AppId}.")]
        public static partial void Revoked(ILogger logger, string userId, string appId);
    }
}
