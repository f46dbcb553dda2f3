// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Para.Security.Diagnostics;
using Para.Security.Filters.OAuth;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>An <see cref="OAuthBackchannel"/> over a plain named client (no resilience pipeline), for unit tests of the OAuth parts.</summary>
internal sealed class TestBackchannel : IDisposable
{
    private readonly ServiceProvider _services;

    public TestBackchannel(string provider, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(BackchannelServiceCollectionExtensions.ClientNamePrefix + provider);
        services.AddMetrics();
        _services = services.BuildServiceProvider();
        var telemetry = new ParaSecurityTelemetry(_services.GetRequiredService<IMeterFactory>());
        Backchannel = new OAuthBackchannel(_services.GetRequiredService<IHttpClientFactory>(), time, NullLogger<OAuthBackchannel>.Instance, telemetry);
    }

    public OAuthBackchannel Backchannel { get; }

    public void Dispose() => _services.Dispose();
}
