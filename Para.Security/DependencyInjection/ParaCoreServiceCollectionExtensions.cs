// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Para.Security.Authentication;
using Para.Security.Configuration;
using Para.Security.Diagnostics;
using Para.Security.Handlers;
using Para.Security.Identity;
using Para.Security.Tokens;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Para's core rules: configuration, ids, settings, users, apps, tokens and the success/failure handlers.</summary>
public static class ParaCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Para core services as singletons (each only if not registered yet, so hosts and tests can replace them).
    /// Needs an <see cref="IConfiguration"/>, an <c>IAppStore</c> and an <c>IUserStore</c> registered elsewhere; the
    /// stores must be singletons (or transient), because the core services are singletons.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddParaCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ParaConfig(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton<IIdGenerator>(sp => new SnowflakeIdGenerator(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ParaConfig>()));
        services.TryAddSingleton<ParaRootApp>();
        services.TryAddSingleton<ParaSettingsResolver>();
        services.TryAddSingleton<ParaUserService>();
        services.TryAddSingleton<ParaAppService>();
        services.TryAddSingleton<ParaJwtIssuer>();
        services.TryAddSingleton<ParaJwtValidator>();
        services.TryAddSingleton<ParaJwtExtractor>();
        services.TryAddSingleton<ParaSuccessHandler>();
        services.TryAddSingleton<ParaFailureHandler>();
        services.AddMetrics(); // IMeterFactory, which owns Para.Security's meter
        services.TryAddSingleton<ParaSecurityTelemetry>();
        services.TryAddSingleton<ExternalSignIn>();
        return services;
    }
}
