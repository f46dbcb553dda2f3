// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Authentication;
using Para.Security.Configuration;
using Para.Security.Filters.Providers;
using Para.Security.Pipeline;
using Para.Security.Server.Demo;
using Para.Security.Server.Health;
using Para.Security.Server.Logging;
using Para.Security.Server.LoginPages;
using Para.Security.Server.Telemetry;

namespace Para.Security.Server;

/// <summary>
/// Builds the Para-compatible server: configuration layering, log levels, health checks, the shutdown grace period, the
/// pipeline with its filters, and the API.
/// </summary>
internal static class ParaServerApp
{
    /// <summary>Creates the application.</summary>
    /// <param name="sources">The command line, environment and working directory the configuration comes from.</param>
    /// <param name="output">The console, for one-time notices that are not log lines (demo mode's banner).</param>
    /// <param name="configure">Test hooks, applied before the app is built (e.g. <c>UseTestServer</c>).</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Create(ParaConfigurationSources sources, TextWriter output, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = sources.WorkingDirectory,
            ApplicationName = typeof(ParaServerApp).Assembly.GetName().Name,

            // No file watcher on the content root (the working directory, which holds data/ by default): it would
            // read an inotify event for every SQLite write. appsettings.json is still read, once, at start.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.AddParaConfiguration(sources, out var file);
        var para = new ParaConfig(builder.Configuration);
        builder.WebHost.UseUrls($"http://{ListenAddress(para)}:{para.GetInt64("port", 8080)}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.AddParaLogLevels(builder.Configuration);
        var grace = ShutdownGracePeriod.Read(para);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = grace);
        builder.Services.AddParaHealthChecks();
        builder.Services.AddParaTelemetry(TelemetrySettings.Read(para));
        DemoMode.Apply(builder);
        builder.Services.AddSingleton(file);
        builder.Services.AddSingleton(new StartupOutput(output));
        builder.Services.AddHostedService<ParaStartup>();
        builder.Services.AddParaSecurity(builder.Configuration)
            .AddFilter<JwtBearerAuthFilter>("jwt", AuthFilterOrder.JwtAuth, JwtBearerAuthFilter.Matcher)
            .AddParaApi()
            .AddAmazon();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseParaHealthChecks();
        app.UseParaSecurity();
        app.MapParaApi();
        app.MapProviderDiagnostics();
        app.MapLoginPages();
        return app;
    }

    private static string ListenAddress(ParaConfig para) => para.Get("bind_address") is { Length: > 0 } address ? address : "0.0.0.0";
}
