// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Para.Security.Configuration;
using Para.Security.Diagnostics;
using Para.Security.Http;
using Para.Security.Identity;
using Para.Security.Pipeline;
using Para.Security.Signing;
using Para.Security.Storage;

namespace Para.Security.Authentication;

/// <summary>
/// Para's <c>RestAuthFilter</c> (para-spec.md §1.5): API authentication on <c>/v{n}/…</c> for signed app requests
/// (AWS SigV4), super tokens and user tokens (left by <see cref="JwtBearerAuthFilter"/>), and guests. A request that
/// passes continues to the endpoint, signed apps carrying a <see cref="ParaAuthentication"/>; a rejection is Para's JSON
/// error. Para's default ignored paths (<c>/v1/_setup</c>, <c>/v1/_health</c>, <c>/v1/_config/options</c>,
/// <c>/v1/_forms/**</c>) are public and pass untouched.
/// </summary>
/// <remarks>
/// Resource permissions (<c>app.isAllowedTo</c>) are not modelled: users of the root app are denied (as Para does),
/// <c>_settings</c> needs an admin, other resources are open to active users, and guests are always denied.
/// </remarks>
public sealed partial class RestAuthFilter : IAuthFilter
{
    /// <summary>The default <c>para.request_expires_after</c> in seconds.</summary>
    public const long DefaultRequestExpiresAfterSec = 900;

    private const string PermissionMessage = "You don't have permission to access this resource. ";

    private const string MalformedCredentialMessage = "Malformed credential: expected Credential={accessKey}/{yyyyMMdd}/us-east-1/para/aws4_request.";

    private readonly IAppStore _apps;
    private readonly ParaRootApp _root;
    private readonly TimeProvider _timeProvider;
    private readonly long _requestExpiresAfterMs;
    private readonly bool _apiEnabled;

    /// <summary>Initializes a new instance of the <see cref="RestAuthFilter"/> class.</summary>
    /// <param name="apps">The app store.</param>
    /// <param name="root">The root-app knowledge.</param>
    /// <param name="config">The Para configuration; reads <c>para.request_expires_after</c> and <c>para.api_enabled</c>.</param>
    /// <param name="timeProvider">The clock.</param>
    public RestAuthFilter(IAppStore apps, ParaRootApp root, ParaConfig config, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(config);
        _apps = apps ?? throw new ArgumentNullException(nameof(apps));
        _root = root ?? throw new ArgumentNullException(nameof(root));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _requestExpiresAfterMs = config.GetInt64("request_expires_after", DefaultRequestExpiresAfterSec) * 1000;
        _apiEnabled = config.GetBoolean("api_enabled", true);
    }

    /// <summary>Gets the matcher of Para's strict REST paths, the same as <see cref="JwtBearerAuthFilter.Matcher"/>.</summary>
    public static AuthPathMatcher Matcher => JwtBearerAuthFilter.Matcher;

    /// <inheritdoc />
    public async ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Path.Value ?? string.Empty;
        if (IgnoredPath().IsMatch(path))
        {
            return AuthFilterResult.Continue;
        }

        var request = context.HttpContext.Request;
        var authorization = request.Headers.Authorization.ToString();
        var isGuest = string.IsNullOrWhiteSpace(authorization) || authorization.StartsWith("Anonymous", StringComparison.Ordinal);
        var accessKey = ExtractAccessKey(request, authorization, isGuest);
        var isApp = !string.IsNullOrWhiteSpace(accessKey);
        var nonStrict = NonStrictRestPath().IsMatch(path);
        if (isGuest && nonStrict)
        {
            return Guest(request, accessKey);
        }

        if (!isApp && nonStrict)
        {
            return User(context.HttpContext);
        }

        return isApp
            ? await SignedAppAsync(context.HttpContext, accessKey!, context.RequestAborted).ConfigureAwait(false)
            : AuthFilterResult.Continue; // e.g. /v1/_me with a Bearer token: the endpoint decides
    }

    // RestUtils.extractAccessKey: Credential=…/ from the header, "Anonymous {key}", else X-Amz-Credential, else accessKey.
    private static string? ExtractAccessKey(HttpRequest request, string authorization, bool isGuest)
    {
        string? accessKey;
        if (string.IsNullOrWhiteSpace(authorization))
        {
            accessKey = request.Query.TryGetValue("X-Amz-Credential", out var credential) && !string.IsNullOrWhiteSpace(credential)
                ? Before(credential[0]!, '/')
                : null;
        }
        else if (isGuest)
        {
            accessKey = authorization["Anonymous".Length..].Trim();
        }
        else
        {
            var equals = authorization.IndexOf('=', StringComparison.Ordinal);
            var slash = equals < 0 ? -1 : authorization.IndexOf('/', equals + 1);
            accessKey = slash < 0 ? null : authorization[(equals + 1)..slash];
        }

        if (isGuest && string.IsNullOrWhiteSpace(accessKey) && request.Query.TryGetValue("accessKey", out var parameter))
        {
            accessKey = parameter[0];
        }

        return accessKey;
    }

    private static string Before(string value, char c)
    {
        var index = value.IndexOf(c, StringComparison.Ordinal);
        return index < 0 ? value : value[..index];
    }

    private AuthFilterResult Guest(HttpRequest request, string? accessKey)
    {
        var method = request.Method;
        var uri = SignedRequest.RawPath(request);
        if (!string.IsNullOrWhiteSpace(accessKey))
        {
            // No guest permissions are modelled: whether or not the app exists, a guest is never let through.
            return Reject(StatusCodes.Status403Forbidden, PermissionMessage + $"[user: [GUEST], resource: {method} {uri}]", ParaSecurityErrors.GuestDenied);
        }

        return _apiEnabled
            ? Reject(StatusCodes.Status401Unauthorized, PermissionMessage + $"[{method} {uri}]", ParaSecurityErrors.Unauthenticated)
            : Reject(StatusCodes.Status403Forbidden, "Para API is disabled.", ParaSecurityErrors.ApiDisabled);
    }

    private AuthFilterResult User(HttpContext http)
    {
        var request = http.Request;
        var auth = ParaAuthentication.Get(http);
        var uri = SignedRequest.RawPath(request);
        if (auth is { User: null })
        {
            // A super token: the app itself, with the app checks.
            return AppChecks(auth.App, request) is { } failure ? AuthFilterResult.Rejected(failure) : AuthFilterResult.Continue;
        }

        if (auth is { User: { Active: true } user })
        {
            if (IsAllowed(auth.App, user, request))
            {
                return AuthFilterResult.Continue;
            }

            return Reject(StatusCodes.Status403Forbidden, PermissionMessage + $"[user: {user.Id}, resource: {request.Method} {uri}]", ParaSecurityErrors.PermissionDenied);
        }

        var error = new AuthError(StatusCodes.Status401Unauthorized, PermissionMessage + $"[{request.Method} {uri}]", ParaSecurityErrors.Unauthenticated);
        if (http.Items[JwtBearerAuthFilter.ChallengeItem] is string challenge)
        {
            error = error with { Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["WWW-Authenticate"] = challenge } };
        }

        return AuthFilterResult.Rejected(error);
    }

    private bool IsAllowed(ParaApp app, ParaUser user, HttpRequest request)
    {
        if (string.Equals(user.Groups, ParaGroups.Admins, StringComparison.Ordinal))
        {
            return true;
        }

        var resource = ResourcePath(request.Path.Value ?? string.Empty);
        if (HttpMethods.IsGet(request.Method) && resource.StartsWith("_permissions/", StringComparison.Ordinal) && resource.Length > "_permissions/".Length)
        {
            return true; // Para lets permission checks through
        }

        // isAllowedTo is false for every user of the root app; _settings needs an admin (no permission model here).
        return !_root.IsRoot(app) && !resource.Equals("_settings", StringComparison.Ordinal) && !resource.StartsWith("_settings/", StringComparison.Ordinal);
    }

    private async ValueTask<AuthFilterResult> SignedAppAsync(HttpContext http, string accessKey, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var signed = SignedRequest.Read(request);
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

        // Para lets an unparsable date through to the signature check; here it counts as expired, as a blank one does.
        if (!SignedRequestVerifier.TryParseAmzDate(signed.AmzDate, out var date) || nowMs > date.ToUnixTimeMilliseconds() + _requestExpiresAfterMs)
        {
            return Reject(StatusCodes.Status400BadRequest, "Request has expired.", ParaSecurityErrors.RequestExpired);
        }

        // Para has no such check: a scope with empty or extra parts fails its signature check (403) or worse.
        if (!signed.HasWellFormedCredential)
        {
            return Reject(StatusCodes.Status400BadRequest, MalformedCredentialMessage, ParaSecurityErrors.MalformedCredential);
        }

        var app = await FindAppAsync(accessKey, cancellationToken).ConfigureAwait(false);
        if (AppChecks(app, request) is { } failure)
        {
            return AuthFilterResult.Rejected(failure);
        }

        var payloadHash = await RequestBodyReader.HashAsync(request, cancellationToken).ConfigureAwait(false);
        if (payloadHash.Failure is { } unreadable)
        {
            return Reject(unreadable.StatusCode, unreadable.Message, unreadable.ErrorCode);
        }

        if (!SignedRequestVerifier.Verify(request, signed, app!.Secret, payloadHash.Value!))
        {
            return Reject(
                StatusCodes.Status403Forbidden,
                $"Invalid signature for request {request.Method} {SignedRequest.RawPath(request)} coming from app {app.Identifier}",
                ParaSecurityErrors.InvalidSignature);
        }

        http.Features.Set(new ParaAuthentication { App = app });
        return AuthFilterResult.Continue;
    }

    private static AuthError? AppChecks(ParaApp? app, HttpRequest request)
    {
        if (app is null)
        {
            return new AuthError(StatusCodes.Status404NotFound, "App not found.", ParaSecurityErrors.ApiAppNotFound);
        }

        if (!app.Active)
        {
            return new AuthError(StatusCodes.Status403Forbidden, $"App not active. [{app.Id}]", ParaSecurityErrors.AppInactive);
        }

        var write = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method) || HttpMethods.IsPatch(request.Method);
        return app.ReadOnly && write
            ? new AuthError(StatusCodes.Status403Forbidden, $"App is in read-only mode. [{app.Id}]", ParaSecurityErrors.AppReadOnly)
            : null;
    }

    private async ValueTask<ParaApp?> FindAppAsync(string accessKey, CancellationToken cancellationToken) =>
        ParaAppId.Normalize(accessKey) is { } id ? await _apps.FindAsync(id, cancellationToken).ConfigureAwait(false) : null;

    private static string ResourcePath(string path)
    {
        var match = StrictRestPrefix().Match(path);
        return match.Success ? path[match.Length..] : path;
    }

    private static AuthFilterResult Reject(int status, string message, string code) => AuthFilterResult.Rejected(new AuthError(status, message, code));

    // Para's RestRequestMatcher: ^/v\d[.\d]*/(?!(_me)).* (case-insensitive), so /v1/_me is handled by the endpoint.
    [GeneratedRegex(@"^/v\d[.\d]*/(?!_me)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NonStrictRestPath();

    [GeneratedRegex(@"^/v\d[.\d]*/", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StrictRestPrefix();

    // Para's default para.security.ignored entries under /v1: permitAll and excluded from API authentication.
    [GeneratedRegex(@"^/v1/(?:_setup|_health|_config/options|_forms(?:/.*)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex IgnoredPath();
}
