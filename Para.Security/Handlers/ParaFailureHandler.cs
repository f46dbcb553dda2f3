// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Json;
using Para.Security.Pipeline.Results;
using Para.Security.Storage;

namespace Para.Security.Handlers;

/// <summary>
/// Para's authentication failure handler (para-spec.md §4.2): redirects to the app's <c>signin_failure</c> URL (host
/// rewritten per <c>host_url</c>, <c>cause=?</c> filled in), else 401 JSON for REST/AJAX and a redirect to
/// <c>para.security.signin_failure</c> for browsers.
/// </summary>
/// <remarks>
/// Two deliberate differences from Para: the <c>cause=?</c> message is URL-encoded (Para inserts it raw, which breaks the
/// URL for messages with spaces or <c>&amp;</c>), and the browser fallback creates no session (no <c>JSESSIONID</c>).
/// </remarks>
public sealed partial class ParaFailureHandler
{
    /// <summary>Para's message for every failed external sign-in except a failed user creation.</summary>
    public const string BadCredentials = "Bad credentials.";

    /// <summary>Para's message when the user of an external sign-in cannot be created.</summary>
    public const string CannotCreateUser = "Authentication failed: cannot create new user.";

    private const string CausePlaceholder = "cause=?";

    private readonly ParaRedirectTargets _targets;
    private readonly ILogger<ParaFailureHandler> _logger;
    private readonly string _signinFailure;

    /// <summary>Initializes a new instance of the <see cref="ParaFailureHandler"/> class.</summary>
    /// <param name="apps">The app store.</param>
    /// <param name="root">The root-app knowledge.</param>
    /// <param name="config">The Para configuration.</param>
    /// <param name="logger">The logger.</param>
    public ParaFailureHandler(IAppStore apps, ParaRootApp root, ParaConfig config, ILogger<ParaFailureHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(apps);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(config);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _targets = new ParaRedirectTargets(apps, root, config, logger);
        _signinFailure = config.Get("security.signin_failure", "/signin?error");
    }

    /// <summary>Decides the response to a failed login.</summary>
    /// <param name="context">The request.</param>
    /// <param name="handlers">The app, host URL and REST/AJAX settings of the sign-in.</param>
    /// <param name="message">Para's failure message, e.g. <c>Bad credentials.</c>; shown to the client.</param>
    /// <param name="errorCode">The stable error code (<c>PARASEC####</c>), for the log only.</param>
    /// <returns>A 302 <see cref="RedirectResult"/> or a 401 <see cref="JsonResult"/>.</returns>
    public async Task<AuthResult> HandleAsync(HttpContext context, SignInHandlerSettings handlers, string message, string errorCode)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(message);

        // No fallback to the root app here, unlike the success handler: a request without appid/state skips to the fallback.
        var app = await _targets.FindAppAsync(handlers.AppId, context.RequestAborted).ConfigureAwait(false);
        Log.LoginFailed(_logger, errorCode, app?.Id);
        if (app is not null)
        {
            var customUri = _targets.Resolve(handlers, app, "signin_failure", "security.signin_failure", "/signin?error");
            if (!string.IsNullOrWhiteSpace(customUri))
            {
                customUri = customUri.Replace(CausePlaceholder, "cause=" + Uri.EscapeDataString(message), StringComparison.Ordinal);
                return new RedirectResult(_targets.WithContextPath(customUri));
            }
        }

        if (handlers.IsRestOrAjax)
        {
            return new JsonResult(StatusCodes.Status401Unauthorized, ParaJson.Error(StatusCodes.Status401Unauthorized, message));
        }

        return new RedirectResult(_targets.WithContextPath(_signinFailure));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1320, EventName = "LoginFailed", Level = LogLevel.Debug, Message = "Answered a failed sign-in ({ErrorCode}) for app {AppId} with its failure target.")]
        public static partial void LoginFailed(ILogger logger, string? errorCode, string? appId);
    }
}
