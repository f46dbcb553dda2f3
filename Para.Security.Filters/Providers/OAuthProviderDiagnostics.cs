// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Para.Security.Filters.OAuth;
using Para.Security.Identity;
using Para.Security.Providers;

namespace Para.Security.Filters.Providers;

/// <summary>What every OAuth 2 provider adds to its diagnostics (scope, sealed-state rule), before the provider's own hook.</summary>
internal static class OAuthProviderDiagnostics
{
    public static Action<AuthProviderDiagnosticsContext> For<TFilter, TOptions>(Action<AuthProviderDiagnosticsContext>? provider)
        where TFilter : AbstractOAuthFilter<TOptions>
        where TOptions : OAuthFilterOptions => context =>
    {
        var services = context.Services;
        var settings = services.GetRequiredService<ParaSettingsResolver>();
        context.Report["scope"] = services.GetRequiredService<TFilter>().GetScope(context.App);
        context.Report["strict_state"] = settings.GetSettingForApp(context.App, "security.oauth.strict_state", null)
            ?? services.GetRequiredService<IOptionsMonitor<OAuthSecurityOptions>>().CurrentValue.StrictState.ToString(CultureInfo.InvariantCulture).ToLowerInvariant();
        provider?.Invoke(context);
    };
}
