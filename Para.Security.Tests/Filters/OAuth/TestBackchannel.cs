// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
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
        _services = services.BuildServiceProvider();
        Backchannel = new OAuthBackchannel(_services.GetRequiredService<IHttpClientFactory>(), time, NullLogger<OAuthBackchannel>.Instance);
    }

    public OAuthBackchannel Backchannel { get; }

    public void Dispose() => _services.Dispose();
}
