// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Para.Security.Authentication;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Storage;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// The core services every OAuth filter uses, bundled so that a provider's constructor stays one line and new
/// base-class needs do not break every provider.
/// </summary>
/// <param name="Apps">The app store.</param>
/// <param name="Users">The user store.</param>
/// <param name="Settings">Per-app setting resolution.</param>
/// <param name="Root">The root app.</param>
/// <param name="Config">Para's configuration.</param>
/// <param name="SignIn">The sign-in unit of work: provisioning, the session token and Para's success/failure handlers.</param>
/// <param name="HttpClientFactory">The backchannel client factory.</param>
/// <param name="TimeProvider">The clock.</param>
/// <param name="LoggerFactory">The logger factory.</param>
/// <param name="StateProtector">Seals and opens the OAuth <c>state</c>.</param>
/// <param name="Security">Flow-integrity settings (<c>para.security.oauth</c>).</param>
/// <param name="UsedTokens">Records spent single-use values (sealed states), shared by every instance.</param>
public sealed record OAuthFilterServices(
    IAppStore Apps,
    IUserStore Users,
    ParaSettingsResolver Settings,
    ParaRootApp Root,
    ParaConfig Config,
    ExternalSignIn SignIn,
    IHttpClientFactory HttpClientFactory,
    TimeProvider TimeProvider,
    ILoggerFactory LoggerFactory,
    OAuthStateProtector StateProtector,
    IOptionsMonitor<OAuthSecurityOptions> Security,
    IUsedTokenStore UsedTokens);
