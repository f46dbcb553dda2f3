// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Para.Security.Server.Health;

/// <summary>
/// <c>/health/live</c> (the process answers HTTP) and <c>/health/ready</c> (the store answers and the server is not
/// shutting down), on ASP.NET Core's health checks. Both sit at the root path, before the Para pipeline: outside
/// <c>para.context_path</c>, the rate limits and authentication, so a probe never counts against a client's limit
/// and a stray <c>Authorization</c> header cannot turn it into a 401. They answer 200 <c>Healthy</c> or 503
/// <c>Unhealthy</c> as plain text, without details.
/// </summary>
internal static class ParaHealthEndpoints
{
    /// <summary>The liveness path.</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness path.</summary>
    public const string ReadyPath = "/health/ready";

    private const string ReadyTag = "ready";

    /// <summary>Registers the health checks.</summary>
    /// <param name="services">The service collection.</param>
    public static void AddParaHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [ReadyTag]);

    /// <summary>Answers the two paths; call it before <c>UseParaSecurity</c>.</summary>
    /// <param name="app">The application.</param>
    public static void UseParaHealthChecks(this IApplicationBuilder app)
    {
        app.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = static _ => false });
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = static check => check.Tags.Contains(ReadyTag) });
    }
}
