// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Para.Security.Diagnostics;
using Para.Security.Handlers;
using Para.Security.Identity;
using Para.Security.Pipeline.Results;
using Para.Security.Storage;
using Para.Security.Tokens;

namespace Para.Security.Authentication;

/// <summary>
/// The one unit of work of an external sign-in, whatever the method (OAuth 2, <c>POST /jwt_auth</c> provider tokens,
/// passwordless, later OAuth 1.0a, LDAP, SAML, password): given the app, the <see cref="ExternalIdentity"/> and how to
/// answer, it finds, links, creates or updates the user (para-spec.md §0.3–§0.4), resets the token secret, issues the
/// session token and answers through Para's success or failure handler (§4.1–§4.2), with <b>one</b> store write per
/// sign-in: a new user's creation only (its fresh secret has signed nothing, so it is not reset again), or a returning
/// user's changes and token-secret reset together. It keeps nothing between calls and writes one Information (success)
/// or Warning (failure) log line per sign-in: outcome, provider, app, duration and, for a failure, the error code.
/// </summary>
public sealed partial class ExternalSignIn
{
    private readonly ExternalUserProvisioner _provisioner;
    private readonly ParaJwtIssuer _issuer;
    private readonly ParaSuccessHandler _successHandler;
    private readonly ParaFailureHandler _failureHandler;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ExternalSignIn> _logger;
    private readonly ParaSecurityTelemetry _telemetry;

    /// <summary>Initializes a new instance of the <see cref="ExternalSignIn"/> class.</summary>
    /// <param name="userService">Para's user rules.</param>
    /// <param name="users">The user store.</param>
    /// <param name="ids">The id generator (placeholder emails).</param>
    /// <param name="issuer">The token issuer.</param>
    /// <param name="successHandler">Para's success handler.</param>
    /// <param name="failureHandler">Para's failure handler.</param>
    /// <param name="timeProvider">The clock, for the duration logged.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="telemetry">The sign-in metrics and spans.</param>
    public ExternalSignIn(
        ParaUserService userService,
        IUserStore users,
        IIdGenerator ids,
        ParaJwtIssuer issuer,
        ParaSuccessHandler successHandler,
        ParaFailureHandler failureHandler,
        TimeProvider timeProvider,
        ILogger<ExternalSignIn> logger,
        ParaSecurityTelemetry telemetry)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _telemetry = telemetry ?? throw new ArgumentNullException(nameof(telemetry));
        _provisioner = new ExternalUserProvisioner(
            userService ?? throw new ArgumentNullException(nameof(userService)),
            users ?? throw new ArgumentNullException(nameof(users)),
            ids ?? throw new ArgumentNullException(nameof(ids)),
            timeProvider,
            telemetry);
        _issuer = issuer ?? throw new ArgumentNullException(nameof(issuer));
        _successHandler = successHandler ?? throw new ArgumentNullException(nameof(successHandler));
        _failureHandler = failureHandler ?? throw new ArgumentNullException(nameof(failureHandler));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Returns the timestamp a sign-in starts at, from the sign-in's clock; pass it back for the duration logged.</summary>
    /// <returns>The timestamp (<see cref="TimeProvider.GetTimestamp"/>).</returns>
    public long GetTimestamp() => _timeProvider.GetTimestamp();

    /// <summary>
    /// Signs a user in and answers through Para's handlers (a browser-facing flow such as the OAuth 2 callback): the
    /// success handler with the one session JWT of the login, or the failure handler (an inactive user, a refused creation).
    /// </summary>
    /// <param name="http">The request (the handlers read its returnto cookie and parameter, and its scheme).</param>
    /// <param name="handlers">The app, host URL and REST/AJAX settings the handlers answer with.</param>
    /// <param name="app">The app the user signs in to.</param>
    /// <param name="identity">What the provider established.</param>
    /// <param name="startedTimestamp">When the sign-in started (<see cref="TimeProvider.GetTimestamp"/>), for the duration logged.</param>
    /// <returns>The result, with the handler's <see cref="ExternalSignInResult.Answer"/>.</returns>
    public async Task<ExternalSignInResult> SignInAsync(HttpContext http, SignInHandlerSettings handlers, ParaApp app, ExternalIdentity identity, long startedTimestamp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(handlers);
        var cancellationToken = http.RequestAborted;
        var (work, failure) = await BeginAsync(app, identity, startedTimestamp, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return await AnswerFailureAsync(http, handlers, failure).ConfigureAwait(false);
        }

        AuthResult answer;
        try
        {
            answer = await _successHandler.HandleAsync(http, handlers, work!.User, work.IssueSessionAsync).ConfigureAwait(false);
        }
        finally
        {
            await work!.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = work.SessionFailed
            ? Failed(identity.Provider, app.Id, ParaSecurityErrors.SessionTokenFailed, "the session token could not be signed", startedTimestamp, work)
            : Succeeded(identity.Provider, app.Id, startedTimestamp, work);
        return result with { SessionToken = work.Session, Answer = answer };
    }

    /// <summary>
    /// Signs a user in and issues a session JWT without answering (a token exchange such as <c>POST /jwt_auth</c>,
    /// whose endpoint writes Para's JSON itself).
    /// </summary>
    /// <param name="app">The app the user signs in to.</param>
    /// <param name="identity">What the provider established.</param>
    /// <param name="startedTimestamp">When the sign-in started (<see cref="TimeProvider.GetTimestamp"/>).</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The result, with the <see cref="ExternalSignInResult.SessionToken"/> on success.</returns>
    public async Task<ExternalSignInResult> ExchangeAsync(ParaApp app, ExternalIdentity identity, long startedTimestamp, CancellationToken cancellationToken)
    {
        var (work, failure) = await BeginAsync(app, identity, startedTimestamp, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        var session = await work!.IssueSessionAsync(app, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return Failed(identity.Provider, app.Id, ParaSecurityErrors.SessionTokenFailed, "the session token could not be signed", startedTimestamp, work);
        }

        return Succeeded(identity.Provider, app.Id, startedTimestamp, work) with { SessionToken = session };
    }

    /// <summary>Answers a sign-in that failed before there was an identity (a denied authorization, a bad code, an unknown app) through Para's failure handler.</summary>
    /// <param name="http">The request.</param>
    /// <param name="handlers">The app, host URL and REST/AJAX settings the failure handler answers with.</param>
    /// <param name="provider">The provider name.</param>
    /// <param name="errorCode">The stable error code.</param>
    /// <param name="detail">A log-safe detail.</param>
    /// <param name="startedTimestamp">When the sign-in started.</param>
    /// <returns>The result, with the failure handler's <see cref="ExternalSignInResult.Answer"/>.</returns>
    public Task<ExternalSignInResult> FailAsync(HttpContext http, SignInHandlerSettings handlers, string provider, string errorCode, string detail, long startedTimestamp)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        return AnswerFailureAsync(http, handlers, Fail(provider, handlers.AppId, errorCode, detail, startedTimestamp));
    }

    /// <summary>Records a sign-in that failed before there was an identity, for a method that answers itself (<c>POST /jwt_auth</c>).</summary>
    /// <param name="provider">The provider name (log-safe).</param>
    /// <param name="appId">The app id, if known.</param>
    /// <param name="errorCode">The stable error code.</param>
    /// <param name="detail">A log-safe detail.</param>
    /// <param name="startedTimestamp">When the sign-in started.</param>
    /// <returns>The result.</returns>
    public ExternalSignInResult Fail(string provider, string? appId, string errorCode, string detail, long startedTimestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        return Failed(provider, appId, errorCode, detail ?? string.Empty, startedTimestamp, null);
    }

    // Provisions the user and refuses an inactive one (after storing its changes: Para stores the profile update before
    // the activity check, §3.1 step 7).
    private async Task<(Work? Work, ExternalSignInResult? Failure)> BeginAsync(ParaApp app, ExternalIdentity identity, long startedTimestamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(identity);
        ProvisionedUser provisioned;
        using (var step = ParaSecurityTelemetry.StartStep(ParaSecurityTelemetry.ProvisioningSpan))
        {
            provisioned = await _provisioner.ProvisionAsync(app, identity, cancellationToken).ConfigureAwait(false);
            ParaSecurityTelemetry.SetOutcome(step, provisioned.ErrorCode);
        }

        if (provisioned.User is not { } user)
        {
            return (null, Failed(identity.Provider, app.Id, provisioned.ErrorCode!, provisioned.Detail!, startedTimestamp, null));
        }

        var work = new Work(_provisioner, _issuer, user, provisioned.Created, provisioned.Changed);
        if (user.Active)
        {
            return (work, null);
        }

        await work.FlushAsync(cancellationToken).ConfigureAwait(false);
        return (null, Failed(identity.Provider, app.Id, ParaSecurityErrors.UserInactive, $"user {user.Id} is not active", startedTimestamp, work));
    }

    private async Task<ExternalSignInResult> AnswerFailureAsync(HttpContext http, SignInHandlerSettings handlers, ExternalSignInResult failure)
    {
        var message = failure.ErrorCode == ParaSecurityErrors.UserCreationFailed ? ParaFailureHandler.CannotCreateUser : ParaFailureHandler.BadCredentials;
        var answer = await _failureHandler.HandleAsync(http, handlers, message, failure.ErrorCode!).ConfigureAwait(false);
        return failure with { Answer = answer };
    }

    private ExternalSignInResult Succeeded(string provider, string appId, long startedTimestamp, Work work)
    {
        var elapsed = _timeProvider.GetElapsedTime(startedTimestamp);
        _telemetry.SignInCompleted(provider, appId, null, elapsed);
        Log.SignedIn(_logger, provider, appId, work.User.Id, work.Created ? "new" : "returning", elapsed.TotalMilliseconds);
        return new ExternalSignInResult { User = work.User, UserCreated = work.Created, StoreWrites = work.Writes };
    }

    private ExternalSignInResult Failed(string provider, string? appId, string errorCode, string detail, long startedTimestamp, Work? work)
    {
        var elapsed = _timeProvider.GetElapsedTime(startedTimestamp);
        _telemetry.SignInCompleted(provider, appId, errorCode, elapsed);
        Log.SignInFailed(_logger, provider, appId, errorCode, elapsed.TotalMilliseconds, detail);
        return new ExternalSignInResult { User = work?.User, ErrorCode = errorCode, Detail = detail, UserCreated = work?.Created ?? false, StoreWrites = work?.Writes ?? 0 };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, EventName = "SignInSucceeded", Level = LogLevel.Information, Message = "{Provider} sign-in to app {AppId} succeeded for {UserKind} user {UserId} in {ElapsedMilliseconds:0.0} ms.")]
        public static partial void SignedIn(ILogger logger, string provider, string appId, string userId, string userKind, double elapsedMilliseconds);

        [LoggerMessage(EventId = 1401, EventName = "SignInFailed", Level = LogLevel.Warning, Message = "{Provider} sign-in to app {AppId} failed with {ErrorCode} in {ElapsedMilliseconds:0.0} ms: {Detail}.")]
        public static partial void SignInFailed(ILogger logger, string provider, string? appId, string errorCode, double elapsedMilliseconds, string detail);
    }
}
