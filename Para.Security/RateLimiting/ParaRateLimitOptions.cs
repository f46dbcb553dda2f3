// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;

namespace Para.Security.RateLimiting;

/// <summary>
/// Limits on the sign-in paths (every registered provider's paths, <c>/jwt_auth</c>, every <c>/{name}_auth</c>),
/// bound from <c>para.security.rate_limit</c>: a fixed window per client IP address and, when the request names an app in
/// its query (<c>appid</c>, or <c>state</c> before <c>|</c>), a fixed window per app. A request over either limit is
/// answered 429 with <c>Retry-After</c> before any filter runs.
/// </summary>
public sealed class ParaRateLimitOptions
{
    /// <summary>The configuration section, relative to the configuration root.</summary>
    public const string Section = "para:security:rate_limit";

    /// <summary>Gets or sets a value indicating whether the sign-in paths are rate-limited.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how many sign-in requests one client IP address may make per <see cref="Window"/>.</summary>
    /// <value>The default value is 100.</value>
    [ConfigurationKeyName("permit_limit")]
    public int PermitLimit { get; set; } = 100;

    /// <summary>Gets or sets how many sign-in requests naming one app may be made per <see cref="Window"/>, from all addresses together.</summary>
    /// <value>The default value is 1000.</value>
    [ConfigurationKeyName("per_app_permit_limit")]
    public int PerAppPermitLimit { get; set; } = 1000;

    /// <summary>Gets or sets the length of the fixed window both limits count in.</summary>
    /// <value>The default value is 1 minute.</value>
    [ConfigurationKeyName("window")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
