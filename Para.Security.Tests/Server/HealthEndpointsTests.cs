// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Para.Security.Identity;
using Para.Security.Server.Health;
using Para.Security.Storage;
using Para.Security.Storage.InMemory;

namespace Para.Security.Tests.Server;

/// <summary><c>/health/live</c> and <c>/health/ready</c>: answered outside the Para pipeline, ready only while the store answers.</summary>
public sealed class HealthEndpointsTests
{
    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_StoreUp_Answers200Healthy(string path)
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync();

        // Act
        var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
    }

    [Test]
    public async Task Health_ContextPathBadTokenAndRateLimit_StillAnswered()
    {
        // Arrange: every Para path is below /auth, one sign-in request per minute, and the probe sends a bad token.
        await using var host = await ServerAppHost.StartTestServerAsync("--para.context_path=/auth", "--para.security.rate_limit.permit_limit=1");

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            foreach (var path in new[] { "/health/live", "/health/ready" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("Authorization", "Bearer not.a.token");
                statuses.Add((await host.Client.SendAsync(request)).StatusCode);
            }
        }

        var outside = await host.Client.GetAsync(new Uri("/v1/_me", UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.OK));
            Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the control: other paths outside the context path answer 404");
        });
    }

    [Test]
    public async Task Ready_StoreDown_Answers503ButLiveStays200()
    {
        // Arrange
        var store = new SwitchableAppStore();
        await using var host = await ServerAppHost.StartAsync(
            testServer: true, null, builder => builder.Services.AddSingleton<IAppStore>(store));
        store.Down = true;

        // Act
        var ready = await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var live = await host.Client.GetAsync(new Uri("/health/live", UriKind.Relative));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await ready.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task StoreCheck_ServerStopping_IsUnhealthy()
    {
        // Arrange
        var lifetime = new StoppingLifetime();
        var check = new StoreHealthCheck(new InMemoryAppStore(), lifetime);
        var before = await check.CheckHealthAsync(new HealthCheckContext());

        // Act
        lifetime.Stop();
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(before.Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(after.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(after.Description, Does.Contain("shutting down"));
        });
    }

    /// <summary>An in-memory store whose reads fail while <see cref="Down"/> is set.</summary>
    private sealed class SwitchableAppStore : IAppStore
    {
        private readonly InMemoryAppStore _inner = new();

        public bool Down { get; set; }

        public ValueTask<ParaApp?> FindAsync(string appId, CancellationToken cancellationToken = default) => Check() ? _inner.FindAsync(appId, cancellationToken) : default;

        public ValueTask<bool> CreateAsync(ParaApp app, CancellationToken cancellationToken = default) => _inner.CreateAsync(app, cancellationToken);

        public ValueTask UpdateAsync(ParaApp app, CancellationToken cancellationToken = default) => _inner.UpdateAsync(app, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken = default) => Check() ? _inner.ListIdsAsync(cancellationToken) : default;

        private bool Check() => Down ? throw new IOException("the store is unreachable") : true;
    }

    private sealed class StoppingLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Stop() => _stopping.Cancel();

        public void StopApplication() => Stop();
    }
}
