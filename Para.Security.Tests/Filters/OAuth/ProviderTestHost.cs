// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>
/// A Para.Security host on a TestServer (base address http://localhost) with one provider added, the in-memory store
/// and a root app; the provider's settings point it at its fake. Shared by every provider's tests.
/// </summary>
internal sealed class ProviderTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ProviderTestHost(IHost host)
    {
        _host = host;
        Client = host.GetTestServer().CreateClient();
    }

    public HttpClient Client { get; }

    public TestServer Server => _host.GetTestServer();

    public IServiceProvider Services => _host.Services;

    public IUserStore Users => Services.GetRequiredService<IUserStore>();

    public IAppStore Apps => Services.GetRequiredService<IAppStore>();

    /// <summary>Starts a host; every log entry (Trace and up) goes to <paramref name="logs"/>, and <paramref name="time"/> replaces the clock.</summary>
    public static async Task<ProviderTestHost> StartAsync(
        Action<ParaSecurityBuilder> addProvider, IDictionary<string, string?> settings, CapturingLoggerProvider? logs = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?> { ["para:dao"] = "memory" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var host = new HostBuilder()
            .ConfigureLogging(logging =>
            {
                if (logs is not null)
                {
                    logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
                }
            })
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services =>
                {
                    if (time is not null)
                    {
                        services.AddSingleton(time);
                    }

                    addProvider(services.AddParaSecurity(configuration));
                })
                .Configure(app =>
                {
                    app.UseParaSecurity();
                    app.Run(context => context.Response.WriteAsync("app:" + context.Request.Path));
                }))
            .Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<ParaAppService>().EnsureRootAppAsync();
        return new ProviderTestHost(host);
    }

    public async Task<ParaApp> CreateAppAsync(string name, JsonObject settings)
    {
        var result = await Services.GetRequiredService<ParaAppService>().CreateChildAppAsync(name);
        var app = (await Apps.FindAsync(result.AccessKey!))!;
        foreach (var (key, value) in settings)
        {
            app.Settings[key] = value?.DeepClone();
        }

        await Apps.UpdateAsync(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
