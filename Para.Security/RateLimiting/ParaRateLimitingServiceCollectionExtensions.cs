// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Para.Security.RateLimiting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the sign-in rate limits (<c>para.security.rate_limit</c>); <c>AddParaSecurity</c> calls it.</summary>
public static class ParaRateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ParaRateLimitOptions"/>, adds ASP.NET Core's rate-limiting services, and registers the
    /// <see cref="ParaRateLimiting.AuthPolicy"/> policy (per client IP) for endpoints of the application's own limiter.
    /// The application's other rate-limiter options are left alone: <c>UseParaSecurity</c> runs a limiter of its own.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding <c>para.security.rate_limit</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddParaRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ParaRateLimitOptions>().Bind(configuration.GetSection(ParaRateLimitOptions.Section));
        services.AddRateLimiter(static _ => { });
        services.TryAddSingleton<ParaAppRateLimiter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RateLimitRefusalLog>();
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<ParaRateLimitOptions>>(static (limiter, para) =>
                limiter.AddPolicy(ParaRateLimiting.AuthPolicy, context => ParaRateLimiting.ClientPartition(para.Value, context)));
        return services;
    }
}
