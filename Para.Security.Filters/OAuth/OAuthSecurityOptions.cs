// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// Flow-integrity settings shared by the OAuth filters, bound from <c>para.security.oauth</c>. Apps can require sealed
/// state for themselves with the app setting <c>security.oauth.strict_state</c>.
/// </summary>
public sealed class OAuthSecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "para:security:oauth";

    /// <summary>
    /// Gets or sets a value indicating whether callbacks must carry a sealed state from <c>/{provider}_auth/start</c>;
    /// Para's plain <c>state={appid}</c> callbacks are then rejected.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: existing Para clients keep working.</value>
    [ConfigurationKeyName("strict_state")]
    public bool StrictState { get; set; }

    /// <summary>Gets or sets how long a sealed state (and its correlation cookie) is accepted.</summary>
    /// <value>The default value is 10 minutes.</value>
    [ConfigurationKeyName("state_lifetime")]
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
