// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;

namespace Para.Security.Http;

/// <summary>
/// Limits of the calls a provider filter makes to its identity provider (token, profile, token info), bound from
/// <c>para.security.backchannel</c>. The authorization-code exchange is never retried: codes are single-use.
/// </summary>
public sealed class BackchannelOptions
{
    /// <summary>The configuration section, relative to the configuration root.</summary>
    public const string Section = "para:security:backchannel";

    /// <summary>Gets or sets the timeout of one attempt.</summary>
    /// <value>The default value is 10 seconds.</value>
    [ConfigurationKeyName("attempt_timeout")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the timeout of a call, all attempts and back-off included.</summary>
    /// <value>The default value is 30 seconds.</value>
    [ConfigurationKeyName("total_timeout")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many times an idempotent call (GET) is retried after a 429, a 5xx or a timeout.</summary>
    /// <value>The default value is 2.</value>
    [ConfigurationKeyName("retries")]
    public int Retries { get; set; } = 2;

    /// <summary>Gets or sets the largest response body accepted, in bytes; a larger one fails the call.</summary>
    /// <value>The default value is 1048576 (1 MB).</value>
    [ConfigurationKeyName("max_response_bytes")]
    public long MaxResponseBytes { get; set; } = 1_048_576;

    /// <summary>Gets or sets the share of failed calls in <see cref="BreakerSamplingDuration"/> that opens the circuit for a provider host.</summary>
    /// <value>The default value is 0.5.</value>
    [ConfigurationKeyName("breaker_failure_ratio")]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the window over which the failure ratio is measured.</summary>
    /// <value>The default value is 30 seconds.</value>
    [ConfigurationKeyName("breaker_sampling_duration")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit rejects calls before letting one through.</summary>
    /// <value>The default value is 15 seconds.</value>
    [ConfigurationKeyName("breaker_break_duration")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
