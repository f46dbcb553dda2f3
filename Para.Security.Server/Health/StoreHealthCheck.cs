// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Para.Security.Storage;

namespace Para.Security.Server.Health;

/// <summary>
/// Readiness: the store answers a read (the list of app ids, which no cache serves) within <see cref="Timeout"/>, and
/// the server is not shutting down (so a load balancer stops sending new sign-ins while in-flight ones finish).
/// </summary>
internal sealed class StoreHealthCheck(IAppStore apps, IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <summary>How long the store may take to answer before the server counts as not ready.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The server is shutting down.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await apps.ListIdsAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The store did not answer within {Timeout.TotalSeconds:0} s.");
        }
    }
}
