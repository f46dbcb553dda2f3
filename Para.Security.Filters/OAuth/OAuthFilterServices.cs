// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Logging;
using Para.Security.Authentication;
using Para.Security.Identity;
using Para.Security.Storage;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// The services every OAuth filter uses, bundled so that a provider's constructor stays one line and new base-class
/// needs do not break every provider.
/// </summary>
/// <param name="Apps">The app store.</param>
/// <param name="Settings">Per-app setting resolution.</param>
/// <param name="Root">The root app.</param>
/// <param name="SignIn">The sign-in unit of work: provisioning, the session token and Para's success/failure handlers.</param>
/// <param name="TimeProvider">The clock.</param>
/// <param name="LoggerFactory">The logger factory.</param>
/// <param name="Correlation">The sealed state, PKCE and correlation cookie.</param>
/// <param name="Backchannel">The calls to the provider.</param>
/// <param name="IdTokens">Validates OpenID Connect <c>id_token</c>s.</param>
public sealed record OAuthFilterServices(
    IAppStore Apps,
    ParaSettingsResolver Settings,
    ParaRootApp Root,
    ExternalSignIn SignIn,
    TimeProvider TimeProvider,
    ILoggerFactory LoggerFactory,
    OAuthCorrelation Correlation,
    OAuthBackchannel Backchannel,
    OpenIdTokenValidator IdTokens);
