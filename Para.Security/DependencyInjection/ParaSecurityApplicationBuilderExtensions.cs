// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Para.Security.Configuration;
using Para.Security.Diagnostics;
using Para.Security.Http;
using Para.Security.Pipeline;
using Para.Security.Providers;
using Para.Security.RateLimiting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the Para.Security pipeline: <c>app.UseParaSecurity()</c>.</summary>
public static class ParaSecurityApplicationBuilderExtensions
{
    /// <summary>
    /// Mounts the pipeline. When <c>para.security.trusted_proxies</c> is set, <c>X-Forwarded-For</c> from those proxies
    /// gives the client address. When <c>para.context_path</c> is set, every path is served below it and anything
    /// outside it answers 404, as a servlet container with a context path does. Sign-in paths (every registered
    /// provider's paths, <c>/{name}_auth</c> and below) pass the rate limiter (<c>para.security.rate_limit</c>) before the filters.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    /// <exception cref="InvalidOperationException">The pipeline is invalid (duplicate names or orders).</exception>
    public static IApplicationBuilder UseParaSecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Build the chain now, so a misconfigured pipeline fails startup rather than the first request.
        _ = app.ApplicationServices.GetRequiredService<AuthPipeline>();
        var config = app.ApplicationServices.GetRequiredService<ParaConfig>();
        if (ParaTrustedProxies.CreateOptions(config) is { } forwarded)
        {
            app.UseForwardedHeaders(forwarded);
        }

        var contextPath = config.ContextPath;
        if (contextPath.HasValue)
        {
            app.UsePathBase(contextPath);
            app.Use((context, next) =>
            {
                if (context.Request.PathBase.StartsWithSegments(contextPath, StringComparison.Ordinal))
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }

        var limits = app.ApplicationServices.GetRequiredService<IOptions<ParaRateLimitOptions>>().Value;
        if (limits.Enabled)
        {
            // Sign-in paths only, before any filter runs; other requests do not pass through the limiter at all.
            var limiter = ParaRateLimiting.CreateMiddlewareOptions(
                limits,
                app.ApplicationServices.GetRequiredService<ILoggerFactory>(),
                app.ApplicationServices.GetRequiredService<ParaAppRateLimiter>(),
                app.ApplicationServices.GetRequiredService<RateLimitRefusalLog>(),
                app.ApplicationServices.GetRequiredService<ParaSecurityTelemetry>());
            var providers = app.ApplicationServices.GetRequiredService<AuthProviderRegistry>();
            app.UseWhen(context => ParaRateLimiting.IsSignInPath(context.Request.Path, providers), branch => branch.UseRateLimiter(limiter));
        }

        return app.UseMiddleware<AuthPipelineMiddleware>();
    }
}
