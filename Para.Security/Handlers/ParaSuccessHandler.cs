// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Json;
using Para.Security.Pipeline.Results;
using Para.Security.Storage;
using Para.Security.Tokens;

namespace Para.Security.Handlers;

/// <summary>
/// Para's authentication success handler (para-spec.md §4.1): redirects to the app's <c>signin_success</c> URL (host
/// rewritten per <c>host_url</c>, <c>jwt=?</c> and <c>jwt=id</c> filled in), else falls back to 204 for REST/AJAX and to
/// the returnto cookie, the <c>returnto</c> parameter or <c>para.security.signin_success</c> for browsers.
/// </summary>
/// <remarks>
/// Unlike Para, a successful browser login (neither REST nor AJAX) whose app is known also sets the auth cookie
/// <c>para.auth_cookie</c> (HttpOnly, SameSite=Lax, Secure on https, Max-Age = the app's token validity). Exactly one
/// session JWT is issued per login and used for both <c>jwt=?</c> and the cookie, because issuing a second one would
/// reset the token secret and invalidate the first.
/// </remarks>
public sealed partial class ParaSuccessHandler
{
    private const string SessionPlaceholder = "jwt=?";
    private const string IdTokenPlaceholder = "jwt=id";

    private readonly ParaRedirectTargets _targets;
    private readonly ParaRootApp _root;
    private readonly ParaSettingsResolver _settings;
    private readonly ParaJwtIssuer _issuer;
    private readonly ILogger<ParaSuccessHandler> _logger;
    private readonly string _signinSuccess;
    private readonly string _returnToParameter;
    private readonly string _returnToCookie;
    private readonly string _authCookie;
    private readonly bool _trustForwardedProto;

    /// <summary>Initializes a new instance of the <see cref="ParaSuccessHandler"/> class.</summary>
    /// <param name="apps">The app store.</param>
    /// <param name="root">The root-app knowledge.</param>
    /// <param name="settings">The per-app settings.</param>
    /// <param name="config">The Para configuration.</param>
    /// <param name="issuer">The token issuer.</param>
    /// <param name="logger">The logger.</param>
    public ParaSuccessHandler(IAppStore apps, ParaRootApp root, ParaSettingsResolver settings, ParaConfig config, ParaJwtIssuer issuer, ILogger<ParaSuccessHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(apps);
        ArgumentNullException.ThrowIfNull(config);
        _root = root ?? throw new ArgumentNullException(nameof(root));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _issuer = issuer ?? throw new ArgumentNullException(nameof(issuer));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _targets = new ParaRedirectTargets(apps, root, config, logger);
        _signinSuccess = config.Get("security.signin_success", "/");
        _returnToParameter = config.Get("security.returnto", "returnto");
        _returnToCookie = config.Get("returnto_cookie", "para-returnto");
        _authCookie = config.Get("auth_cookie", "para-auth");
        _trustForwardedProto = config.GetBoolean("security.trust_forwarded_proto", false);
    }

    /// <summary>Decides the response to a successful login.</summary>
    /// <param name="context">The request (only read: the returnto cookie and parameter, the scheme for the auth cookie).</param>
    /// <param name="handlers">The app, host URL and REST/AJAX settings of the sign-in.</param>
    /// <param name="user">The authenticated user.</param>
    /// <param name="issueSession">
    /// Issues the one session JWT of the login for the resolved app, when the answer needs one; the caller decides what
    /// issuing writes (the sign-in unit of work stores the token-secret reset with the user's profile changes).
    /// </param>
    /// <returns>A 302 <see cref="RedirectResult"/>, a 204 <see cref="StatusCodeResult"/>, or a 500 <see cref="JsonResult"/> when no token could be signed.</returns>
    public async Task<AuthResult> HandleAsync(
        HttpContext context, SignInHandlerSettings handlers, ParaUser user, Func<ParaApp, CancellationToken, Task<ParaTokenResult?>> issueSession)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(issueSession);
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var appId = handlers.AppId ?? (string.IsNullOrWhiteSpace(user.AppId) ? _root.Identifier : user.AppId);
        var app = await _targets.FindAppAsync(appId, cancellationToken).ConfigureAwait(false);
        var browser = !handlers.IsRestOrAjax;

        var customUri = app is null
            ? null
            : _targets.Resolve(handlers, app, "signin_success", "security.signin_success", "/");
        if (app is null || (string.IsNullOrWhiteSpace(customUri) && !browser))
        {
            Log.Fallback(_logger, appId);
            return browser ? await FallbackRedirectAsync(request).ConfigureAwait(false) : new StatusCodeResult(StatusCodes.Status204NoContent);
        }

        // One session JWT per login, issued before any ID token: issuing resets the token secret, which would
        // invalidate an ID token (or another session JWT) signed earlier.
        ParaTokenResult? session = null;
        if (browser || (customUri?.Contains(SessionPlaceholder, StringComparison.Ordinal) ?? false))
        {
            session = await issueSession(app, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return TokenFailure();
            }
        }

        AuthResult result;
        if (string.IsNullOrWhiteSpace(customUri))
        {
            Log.Fallback(_logger, appId);
            result = await FallbackRedirectAsync(request).ConfigureAwait(false);
        }
        else
        {
            if (session is not null)
            {
                customUri = customUri.Replace(SessionPlaceholder, "jwt=" + session.AccessToken, StringComparison.Ordinal);
            }

            if (customUri.Contains(IdTokenPlaceholder, StringComparison.Ordinal))
            {
                var idToken = _issuer.IssueIdToken(app, user);
                if (idToken is null)
                {
                    return TokenFailure();
                }

                customUri = customUri.Replace(IdTokenPlaceholder, "jwt=" + idToken, StringComparison.Ordinal);
            }

            result = new RedirectResult(_targets.WithContextPath(customUri));
        }

        if (browser && session is not null)
        {
            result.Cookies.Add(AuthCookie(request, app, session));
        }

        Log.LoginSucceeded(_logger, user.Id, app.Id);
        return result;
    }

    // §4.1 step 10 for browsers: the returnto cookie (read and deleted), else the returnto parameter, else the config URL.
    private async Task<AuthResult> FallbackRedirectAsync(HttpRequest request)
    {
        string? target = null;
        var deleteCookie = false;
        if (request.Cookies.TryGetValue(_returnToCookie, out var cookie))
        {
            deleteCookie = true;
            target = DecodeBase64(cookie);
        }

        if (string.IsNullOrWhiteSpace(target))
        {
            target = await ParaAuthRequest.GetParameterAsync(request, _returnToParameter, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }

        // Para redirects to any returnto value; only paths here and our own origins are followed (open redirect, §8).
        var self = request.Scheme + "://" + request.Host.Value;
        if (string.IsNullOrWhiteSpace(target) || !ParaHostRewrite.IsSafeReturnTarget(target, self, _signinSuccess))
        {
            if (!string.IsNullOrWhiteSpace(target))
            {
                Log.UnsafeReturnTarget(_logger);
            }

            target = _signinSuccess;
        }

        var result = new RedirectResult(_targets.WithContextPath(target));
        if (deleteCookie)
        {
            result.Cookies.Add(new AuthCookie(_returnToCookie, string.Empty, new CookieOptions { Path = "/", MaxAge = TimeSpan.Zero }, Delete: true));
        }

        return result;
    }

    private AuthCookie AuthCookie(HttpRequest request, ParaApp app, ParaTokenResult session)
    {
        var secure = request.IsHttps
            || (_trustForwardedProto && string.Equals(request.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim(), "https", StringComparison.OrdinalIgnoreCase));
        return new AuthCookie(_authCookie, session.AccessToken, new CookieOptions
        {
            Path = _targets.CookiePath,
            HttpOnly = true,
            Secure = secure,
            SameSite = SameSiteMode.Lax,
            MaxAge = TimeSpan.FromSeconds(_settings.GetTokenValiditySec(app)),
        });
    }

    private static string? DecodeBase64(string value)
    {
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(value, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : null;
    }

    private static JsonResult TokenFailure() =>
        new(StatusCodes.Status500InternalServerError, ParaJson.Error(StatusCodes.Status500InternalServerError, "Failed to sign the token."));

    private static partial class Log
    {
        [LoggerMessage(EventId = 1319, EventName = "UnsafeReturnTarget", Level = LogLevel.Warning, Message = "Ignored a returnto target outside this server and its configured origins; using para.security.signin_success.")]
        public static partial void UnsafeReturnTarget(ILogger logger);

        [LoggerMessage(EventId = 1310, EventName = "LoginSucceeded", Level = LogLevel.Debug, Message = "Answered the sign-in of user {UserId} to app {AppId} with its success target.")]
        public static partial void LoginSucceeded(ILogger logger, string userId, string appId);

        [LoggerMessage(EventId = 1311, EventName = "SuccessFallback", Level = LogLevel.Debug, Message = "No signin_success URL for app {AppId}; using the fallback target.")]
        public static partial void Fallback(ILogger logger, string? appId);
    }
}
