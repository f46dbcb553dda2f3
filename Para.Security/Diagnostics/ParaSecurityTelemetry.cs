// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Para.Security.Diagnostics;

/// <summary>
/// Para.Security's OpenTelemetry instrumentation (docs/observability.md): one <see cref="System.Diagnostics.ActivitySource"/>
/// (static, as the .NET guidance recommends: it costs nothing while no listener is attached) and one <see cref="Meter"/>
/// owned by DI through <see cref="IMeterFactory"/>, both named <see cref="Name"/>. Tags carry provider names, app ids,
/// outcomes, error codes, endpoint names and status classes only: never a token, code, secret, state, email or name.
/// </summary>
public sealed class ParaSecurityTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Para.Security";

    /// <summary>The span of a whole sign-in (an OAuth callback, a <c>/jwt_auth</c> exchange, a passwordless sign-in).</summary>
    public const string SignInSpan = "signin";

    /// <summary>The child span of the callback's state check.</summary>
    public const string StateCheckSpan = "signin.state_check";

    /// <summary>The child span of the code exchange at the token endpoint.</summary>
    public const string CodeExchangeSpan = "signin.code_exchange";

    /// <summary>The child span of the profile read (and its mapping).</summary>
    public const string ProfileSpan = "signin.profile";

    /// <summary>The child span of the OpenID Connect <c>id_token</c> validation.</summary>
    public const string IdTokenSpan = "signin.id_token";

    /// <summary>The child span of the user's provisioning (find, link, create or update).</summary>
    public const string ProvisioningSpan = "signin.provisioning";

    /// <summary>The child span of the session token's issue (with the sign-in's store write).</summary>
    public const string TokenIssueSpan = "signin.token_issue";

    /// <summary>The provider tag of a sign-in that named no registered provider (the name itself could be anything).</summary>
    public const string UnknownProvider = "(unknown)";

    private static readonly string? AssemblyVersion = typeof(ParaSecurityTelemetry).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private readonly Counter<long> _signIns;
    private readonly Histogram<double> _signInDuration;
    private readonly Histogram<double> _backchannelDuration;
    private readonly Counter<long> _refusals;
    private readonly Histogram<double> _storeDuration;

    /// <summary>Initializes a new instance of the <see cref="ParaSecurityTelemetry"/> class.</summary>
    /// <param name="meters">The meter factory that owns the meter.</param>
    public ParaSecurityTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(new MeterOptions(Name) { Version = AssemblyVersion });
        _signIns = meter.CreateCounter<long>("para.signin.count", "{signin}", "Sign-ins by provider and outcome.");
        _signInDuration = meter.CreateHistogram<double>("para.signin.duration", "s", "Duration of sign-ins.");
        _backchannelDuration = meter.CreateHistogram<double>("para.backchannel.duration", "s", "Duration of calls to a provider.");
        _refusals = meter.CreateCounter<long>("para.ratelimit.refusals", "{request}", "Requests refused by a rate limit.");
        _storeDuration = meter.CreateHistogram<double>("para.store.duration", "s", "Duration of the sign-in's store calls.");
    }

    /// <summary>Gets the activity source of every Para.Security span.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, AssemblyVersion);

    /// <summary>Starts the span of a whole sign-in; <see langword="null"/> while nobody listens.</summary>
    /// <param name="provider">The provider name.</param>
    /// <returns>The span, to dispose when the sign-in has answered.</returns>
    public static Activity? StartSignIn(string provider) =>
        ActivitySource.StartActivity(SignInSpan, ActivityKind.Internal)?.SetTag("para.provider", provider);

    /// <summary>Starts a child span of a sign-in (one of the <c>*Span</c> names); <see langword="null"/> while nobody listens.</summary>
    /// <param name="name">The span name.</param>
    /// <returns>The span, to dispose when the step is done.</returns>
    public static Activity? StartStep(string name) => ActivitySource.StartActivity(name, ActivityKind.Internal);

    /// <summary>Marks a step's span failed with its <c>PARASEC</c> code (nothing when <paramref name="errorCode"/> is null).</summary>
    /// <param name="step">The step's span, if any.</param>
    /// <param name="errorCode">The failure's code, or <see langword="null"/> for a success.</param>
    public static void SetOutcome(Activity? step, string? errorCode)
    {
        if (step is null)
        {
            return;
        }

        step.SetTag("para.outcome", errorCode is null ? "success" : "failure");
        if (errorCode is not null)
        {
            step.SetTag("para.error_code", errorCode).SetStatus(ActivityStatusCode.Error, errorCode);
        }
    }

    /// <summary>
    /// Records the end of a sign-in: <c>para.signin.count</c> and <c>para.signin.duration</c>, and the outcome, app and
    /// error code on the current <see cref="SignInSpan"/> span when there is one.
    /// </summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="appId">The app id, if known.</param>
    /// <param name="errorCode">The failure's code, or <see langword="null"/> for a success.</param>
    /// <param name="elapsed">The sign-in's duration.</param>
    public void SignInCompleted(string provider, string? appId, string? errorCode, TimeSpan elapsed)
    {
        provider = errorCode == ParaSecurityErrors.UnknownProvider ? UnknownProvider : provider;
        var outcome = errorCode is null ? "success" : "failure";
        var tags = new TagList { { "para.provider", provider }, { "para.outcome", outcome } };
        if (errorCode is not null)
        {
            tags.Add("para.error_code", errorCode);
        }

        _signIns.Add(1, tags);
        _signInDuration.Record(elapsed.TotalSeconds, tags);
        if (Activity.Current is { } span && span.Source == ActivitySource && span.OperationName == SignInSpan)
        {
            span.SetTag("para.app_id", appId);
            SetOutcome(span, errorCode);
        }
    }

    /// <summary>Records a call to a provider in <c>para.backchannel.duration</c>.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="endpoint">What was called (<c>token</c>, <c>profile</c>, …).</param>
    /// <param name="status">The HTTP status, or <see langword="null"/> when the call failed without one.</param>
    /// <param name="elapsed">The call's duration.</param>
    public void BackchannelCalled(string provider, string endpoint, int? status, TimeSpan elapsed)
    {
        var statusClass = status is { } code ? (code / 100) + "xx" : "error";
        _backchannelDuration.Record(
            elapsed.TotalSeconds,
            new TagList { { "para.provider", provider }, { "para.endpoint", endpoint }, { "para.status_class", statusClass } });
    }

    /// <summary>Counts a request refused by a rate limit in <c>para.ratelimit.refusals</c>.</summary>
    /// <param name="policy">The limit that refused it.</param>
    public void RateLimitRefused(string policy) => _refusals.Add(1, new KeyValuePair<string, object?>("para.policy", policy));

    /// <summary>Records a store call of a sign-in in <c>para.store.duration</c>.</summary>
    /// <param name="operation">The store operation (e.g. <c>user.update</c>).</param>
    /// <param name="elapsed">The call's duration.</param>
    public void StoreCalled(string operation, TimeSpan elapsed) =>
        _storeDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("para.store.operation", operation));
}
