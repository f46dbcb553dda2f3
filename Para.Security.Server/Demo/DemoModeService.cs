// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Para.Security.Configuration;
using Para.Security.Filters.Amazon;

namespace Para.Security.Server.Demo;

/// <summary>
/// Owns demo mode's pretend Amazon: once the server listens, allows its real <c>/amazon_auth</c> URLs as return URLs
/// and prints the demo banner; disposes the fake when the server stops (or when the host is disposed without stopping).
/// </summary>
internal sealed partial class DemoModeService(
    DemoAmazon amazon,
    IServer server,
    ParaConfig config,
    StartupOutput output,
    ILogger<DemoModeService> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private int _disposed;

    /// <summary>Gets the pretend Amazon.</summary>
    public DemoAmazon Amazon => amazon;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var ports = ListeningPorts();
        var callback = config.ContextPath.Value + AmazonAuthDefaults.CallbackPath;
        var returnUrls = ports.SelectMany(port => new[]
        {
            $"http://localhost:{port}{callback}",
            $"http://127.0.0.1:{port}{callback}",
        }).ToArray();
        amazon.AllowReturnUrls(returnUrls);

        var url = ports.Count > 0 ? $"http://localhost:{ports[0]}{config.ContextPath.Value}/" : "(the server reported no address)";
        Log.DemoModeOn(logger, amazon.BaseUrl);
        await output.Writer.WriteLineAsync(Banner(url)).ConfigureAwait(false);
        await output.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await amazon.DisposeAsync().ConfigureAwait(false);
        }
    }

    private List<string> ListeningPorts()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var ports = addresses
            .Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port.ToString(CultureInfo.InvariantCulture) : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

        // An in-memory test server has no addresses; its requests arrive as http://localhost.
        return ports.Count > 0 ? ports : [config.GetInt64("port", 8080).ToString(CultureInfo.InvariantCulture)];
    }

    private static string Banner(string url) => $"""

        ==================================================================================================
         DEMO MODE - this server signs you in with a PRETEND Amazon running on this machine.
         No real Amazon account is used, and anyone who can reach the server can sign in as anyone.
         It listens on 127.0.0.1 only.

         Open {url} and click "Login with Amazon", then pick "Pat Example".

         To use real Login with Amazon credentials: set para.security.demo = false (conf/application.conf,
         PARA_SECURITY_DEMO=false or --para.security.demo=false) and para.az_app_id / para.az_secret.
        ==================================================================================================

        """;

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, EventName = "DemoModeOn", Level = LogLevel.Warning, Message = "Demo mode is on: Login with Amazon is a pretend one at {FakeAmazonUrl}; listening on 127.0.0.1 only.")]
        public static partial void DemoModeOn(ILogger logger, string fakeAmazonUrl);
    }
}
