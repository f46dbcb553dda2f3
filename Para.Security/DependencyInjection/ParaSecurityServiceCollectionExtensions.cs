// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Para.Security.Api;
using Para.Security.Configuration;
using Para.Security.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The entry point: <c>services.AddParaSecurity(configuration)</c>.</summary>
public static class ParaSecurityServiceCollectionExtensions
{
    /// <summary>The log category of ASP.NET Core's request lines, which include the query string.</summary>
    public const string RequestLinesCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Adds Para.Security: the filter pipeline, Para's users, apps and tokens, the configured store and the sign-in
    /// rate limits. Unless <c>para.security.log_request_lines</c> is on, ASP.NET Core's request lines (category
    /// <see cref="RequestLinesCategory"/>) are logged at Warning and above only, because they carry OAuth codes.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>para</c> section.</param>
    /// <returns>A builder on which providers are added.</returns>
    public static ParaSecurityBuilder AddParaSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(configuration);
        var config = new ParaConfig(configuration);
        services.TryAddSingleton(config);
        if (!config.GetBoolean("security.log_request_lines", false))
        {
            // ASP.NET Core's "Request starting/finished" lines carry the whole query string, and with it every OAuth
            // authorization code of a callback (checklist item 30): keep them out of the log below Warning.
            services.Configure<LoggerFilterOptions>(static options =>
                options.Rules.Add(new LoggerFilterRule(null, RequestLinesCategory, LogLevel.Warning, null)));
        }

        services.AddParaStorage(configuration);
        services.AddParaCore();
        services.AddParaRateLimiting(configuration);
        services.TryAddSingleton<RootCredentials>();
        services.AddOptions<AuthPipelineOptions>();
        services.TryAddSingleton<AuthPipeline>();
        AuthProviderBuilderExtensions.GetRegistry(services); // the login page, diagnostics and rate limits read it, even when empty
        return new ParaSecurityBuilder(services, configuration);
    }
}
