// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Configuration;
using Para.Security.Server;

namespace Para.Security.Tests.Server;

/// <summary>
/// The real server app (<see cref="ParaServerApp.Create"/>) in-process, on a TestServer or on Kestrel, with the
/// in-memory store, an empty temp working directory (so no config file is found unless named) and an environment that
/// holds only what the test gives (the machine's PARA_* variables never leak in).
/// </summary>
internal sealed class ServerAppHost : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;

    private ServerAppHost(WebApplication app, StringWriter output, DirectoryInfo directory, HttpClient client)
    {
        App = app;
        Output = output;
        _directory = directory;
        Client = client;
    }

    public WebApplication App { get; }

    public StringWriter Output { get; }

    /// <summary>Gets a client that does not follow redirects: on a TestServer its base is http://localhost, on Kestrel the bound URL.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Gets the first bound URL (Kestrel), e.g. http://127.0.0.1:54321.</summary>
    public Uri BaseUrl => new(App.Urls.First());

    public static ParaConfigurationSources Sources(DirectoryInfo directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) => new()
    {
        Arguments = ["--para.dao=memory", .. arguments],
        Environment = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        WorkingDirectory = directory.FullName,
    };

    public static Task<ServerAppHost> StartTestServerAsync(params string[] arguments) => StartAsync(testServer: true, null, arguments);

    public static Task<ServerAppHost> StartKestrelAsync(params string[] arguments) => StartAsync(testServer: false, null, ["--para.port=0", .. arguments]);

    public static Task<ServerAppHost> StartAsync(bool testServer, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        StartAsync(testServer, environment, null, arguments);

    /// <summary>Starts the app; <paramref name="configure"/> runs on the builder last (e.g. to add a log provider).</summary>
    public static async Task<ServerAppHost> StartAsync(bool testServer, IReadOnlyDictionary<string, string>? environment, Action<WebApplicationBuilder>? configure, params string[] arguments)
    {
        var directory = Directory.CreateTempSubdirectory("para-server-test-");
        var output = new StringWriter();
        var app = ParaServerApp.Create(Sources(directory, environment, arguments), output, builder =>
        {
            if (testServer)
            {
                builder.WebHost.UseTestServer();
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var client = testServer
            ? app.GetTestServer().CreateClient()
            : new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };
        return new ServerAppHost(app, output, directory, client);
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
