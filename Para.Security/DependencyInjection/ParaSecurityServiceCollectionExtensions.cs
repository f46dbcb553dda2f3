// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Para.Security.Api;
using Para.Security.Configuration;
using Para.Security.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The entry point: <c>services.AddParaSecurity(configuration)</c>.</summary>
public static class ParaSecurityServiceCollectionExtensions
{
    /// <summary>
    /// Adds Para.Security: the filter pipeline, Para's users, apps and tokens, and the configured store.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>para</c> section.</param>
    /// <returns>A builder on which providers are added.</returns>
    public static ParaSecurityBuilder AddParaSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(new ParaConfig(configuration));
        services.AddParaStorage(configuration);
        services.AddParaCore();
        services.AddParaRateLimiting(configuration);
        services.TryAddSingleton<RootCredentials>();
        services.AddOptions<AuthPipelineOptions>();
        services.TryAddSingleton<AuthPipeline>();
        return new ParaSecurityBuilder(services, configuration);
    }
}
