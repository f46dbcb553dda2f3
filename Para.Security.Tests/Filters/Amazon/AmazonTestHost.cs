// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Testing;
using Para.Security.Tests.Filters.OAuth;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Filters.Amazon;

/// <summary>
/// A Para.Security host with the Amazon filter on a TestServer (base address http://localhost), pointed at a
/// <see cref="FakeAmazon"/> on a loopback port, with the in-memory store and a root app.
/// </summary>
internal sealed class AmazonTestHost : IAsyncDisposable
{
    public const string RootClientId = "amzn1.application-oa2-client.root";
    public const string RootClientSecret = "root-client-secret";
    public const string Callback = "http://localhost/amazon_auth";

    private readonly ProviderTestHost _host;

    private AmazonTestHost(ProviderTestHost host, FakeAmazon amazon)
    {
        _host = host;
        Amazon = amazon;
    }

    public FakeAmazon Amazon { get; }

    public HttpClient Client => _host.Client;

    public TestServer Server => _host.Server;

    public IServiceProvider Services => _host.Services;

    public IUserStore Users => _host.Users;

    public IAppStore Apps => _host.Apps;

    public static Task<AmazonTestHost> StartAsync(Dictionary<string, string?>? settings = null, params string[] extraRedirectUris) =>
        StartAsync(settings, null, extraRedirectUris);

    /// <summary>Starts a host whose every log entry (all categories, Trace and up) goes to <paramref name="logs"/>.</summary>
    public static Task<AmazonTestHost> StartAsync(Dictionary<string, string?>? settings, CapturingLoggerProvider? logs, params string[] extraRedirectUris) =>
        StartCoreAsync(settings, logs, null, extraRedirectUris);

    /// <summary>Starts a host on the clock <paramref name="time"/> (the fake Amazon and the HTTP timeouts keep real time).</summary>
    public static Task<AmazonTestHost> StartAsync(Dictionary<string, string?>? settings, TimeProvider time) =>
        StartCoreAsync(settings, null, time, []);

    private static async Task<AmazonTestHost> StartCoreAsync(Dictionary<string, string?>? settings, CapturingLoggerProvider? logs, TimeProvider? time, string[] extraRedirectUris)
    {
        var amazon = new FakeAmazon();
        amazon.AddClient(RootClientId, RootClientSecret, [Callback, .. extraRedirectUris]);
        var values = Settings(amazon);
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        return new AmazonTestHost(await ProviderTestHost.StartAsync(static builder => builder.AddAmazon(), values, logs, time), amazon);
    }

    /// <summary>The settings that give the root app <see cref="RootClientId"/> and point the filter at <paramref name="amazon"/>.</summary>
    public static Dictionary<string, string?> Settings(FakeAmazon amazon) => new()
    {
        ["para:az_app_id"] = RootClientId,
        ["para:az_secret"] = RootClientSecret,
        ["para:security:amazon:authorize_url"] = amazon.AuthorizeUrl,
        ["para:security:amazon:token_url"] = amazon.TokenUrl,
        ["para:security:amazon:profile_url"] = amazon.ProfileUrl,
        ["para:security:amazon:tokeninfo_url"] = amazon.TokenInfoUrl,
    };

    public Task<ParaApp> CreateAppAsync(string name, JsonObject settings) => _host.CreateAppAsync(name, settings);

    /// <summary>Sends the callback the way a browser arrives from Amazon, with a code minted for <paramref name="redirectUri"/>.</summary>
    public Task<HttpResponseMessage> CallbackAsync(string query, string? clientId = null, string redirectUri = Callback, FakeAmazonAccount? account = null)
    {
        var code = Amazon.IssueCode(clientId ?? RootClientId, redirectUri, account);
        return Client.GetAsync(new Uri("/amazon_auth?code=" + Uri.EscapeDataString(code) + (query.Length > 0 ? "&" + query : string.Empty), UriKind.Relative));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await Amazon.DisposeAsync();
    }
}
