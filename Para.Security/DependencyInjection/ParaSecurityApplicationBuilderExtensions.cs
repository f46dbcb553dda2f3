// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Configuration;
using Para.Security.Pipeline;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the Para.Security pipeline: <c>app.UseParaSecurity()</c>.</summary>
public static class ParaSecurityApplicationBuilderExtensions
{
    /// <summary>
    /// Mounts the pipeline. When <c>para.context_path</c> is set, every path is served below it and anything
    /// outside it answers 404, as a servlet container with a context path does.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    /// <exception cref="InvalidOperationException">The pipeline is invalid (duplicate names or orders).</exception>
    public static IApplicationBuilder UseParaSecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Build the chain now, so a misconfigured pipeline fails startup rather than the first request.
        _ = app.ApplicationServices.GetRequiredService<AuthPipeline>();
        var contextPath = app.ApplicationServices.GetRequiredService<ParaConfig>().ContextPath;
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

        return app.UseMiddleware<AuthPipelineMiddleware>();
    }
}
