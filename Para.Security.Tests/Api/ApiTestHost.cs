// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Server;
using Para.Security.Storage;
using Para.Security.Testing;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tokens;

namespace Para.Security.Tests.Api;

/// <summary>
/// The real server (<c>ParaServerApp</c>, so its registrations are under test too) with the memory store, a known root
/// secret and a <see cref="FakeAmazon"/>, on a TestServer (http://localhost) or on Kestrel at a loopback port.
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    public const string RootSecret = "root-secret-0123456789-0123456789-0123456789-0123456";
    public const string RootClientId = "amzn1.application-oa2-client.root";
    public const string RootClientSecret = "root-client-secret";
    public const string AppClientId = "amzn1.application-oa2-client.myapp";
    public const string AppClientSecret = "myapp-client-secret";

    private readonly WebApplication _app;
    private readonly DirectoryInfo _directory;

    private ApiTestHost(WebApplication app, FakeAmazon amazon, HttpClient client, Uri baseAddress, DirectoryInfo directory)
    {
        _app = app;
        Amazon = amazon;
        Client = client;
        BaseAddress = baseAddress;
        _directory = directory;
    }

    public FakeAmazon Amazon { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public IAppStore Apps => Services.GetRequiredService<IAppStore>();

    public IUserStore Users => Services.GetRequiredService<IUserStore>();

    public string Callback => new Uri(BaseAddress, "/amazon_auth").ToString();

    public static async Task<ApiTestHost> StartAsync(bool kestrel = false, params string[] arguments)
    {
        var amazon = new FakeAmazon();
        var directory = Directory.CreateTempSubdirectory("para-api-");
        var sources = new ParaConfigurationSources
        {
            Arguments =
            [
                "--para.dao=memory",
                "--para.root_secret_override=" + RootSecret,
                "--para.port=0",
                "--para.bind_address=127.0.0.1",
                "--para.az_app_id=" + RootClientId,
                "--para.az_secret=" + RootClientSecret,
                "--para.security.amazon.authorize_url=" + amazon.AuthorizeUrl,
                "--para.security.amazon.token_url=" + amazon.TokenUrl,
                "--para.security.amazon.profile_url=" + amazon.ProfileUrl,
                "--para.security.amazon.tokeninfo_url=" + amazon.TokenInfoUrl,
                .. arguments,
            ],
            Environment = _ => null,
            WorkingDirectory = directory.FullName,
        };
        var app = ParaServerApp.Create(sources, TextWriter.Null, builder =>
        {
            if (!kestrel)
            {
                builder.WebHost.UseTestServer();
            }
        });
        await app.StartAsync();
        HttpClient client;
        Uri baseAddress;
        if (kestrel)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            baseAddress = new Uri(address.TrimEnd('/') + "/");
            client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
        }
        else
        {
            client = app.GetTestServer().CreateClient();
            baseAddress = client.BaseAddress!;
        }

        var host = new ApiTestHost(app, amazon, client, baseAddress, directory);
        amazon.AddClient(RootClientId, RootClientSecret, host.Callback);
        amazon.AddClient(AppClientId, AppClientSecret, host.Callback);
        return host;
    }

    /// <summary>A client holding the root app's keys.</summary>
    public ParaClientWire RootClient() => new(Client, "app:para", RootSecret);

    /// <summary>A client of an app, with or without its secret.</summary>
    public ParaClientWire ClientFor(string accessKey, string? secret) => new(Client, accessKey, secret);

    /// <summary>Creates a child app through <c>GET /v1/_setup/{name}</c> signed by root, and returns its secret.</summary>
    public async Task<string> SetupAppAsync(string name, JsonObject? settings = null)
    {
        var reply = ParaClientWire.Entity(await RootClient().InvokeAsync(HttpMethod.Get, "_setup/" + name, null))
            ?? throw new InvalidOperationException("_setup failed");
        var secret = reply["secretKey"]!.GetValue<string>();
        if (settings is not null)
        {
            var app = (await Apps.FindAsync("app:" + name))!;
            foreach (var (key, value) in settings)
            {
                app.Settings[key] = value?.DeepClone();
            }

            await Apps.UpdateAsync(app);
        }

        return secret;
    }

    /// <summary>Runs <c>/amazon_auth</c> as a browser returning from Amazon, with a code minted for <paramref name="clientId"/>.</summary>
    public Task<HttpResponseMessage> AmazonCallbackAsync(string state, string clientId = RootClientId, FakeAmazonAccount? account = null)
    {
        var code = Amazon.IssueCode(clientId, Callback, account);
        return Client.GetAsync(new Uri("/amazon_auth?code=" + Uri.EscapeDataString(code) + "&state=" + Uri.EscapeDataString(state), UriKind.Relative));
    }

    /// <summary>Gets an ID token the real way: a child app whose <c>signin_success</c> has <c>jwt=id</c>, and a web login.</summary>
    public async Task<string> IdTokenFromAmazonAsync(string appName, FakeAmazonAccount? account = null)
    {
        var response = await AmazonCallbackAsync(appName, AppClientId, account);
        var location = response.Headers.Location?.ToString() ?? throw new InvalidOperationException("no redirect: " + response.StatusCode);
        var marker = location.IndexOf("jwt=", StringComparison.Ordinal);
        return marker < 0 ? throw new InvalidOperationException("no jwt in " + location) : location[(marker + 4)..].Split('&')[0];
    }

    /// <summary>A child app set up for Amazon web logins that hand out ID tokens.</summary>
    public Task<string> SetupAmazonAppAsync(string name, string oneSessionPerUser = "true") => SetupAppAsync(name, new JsonObject
    {
        ["az_app_id"] = AppClientId,
        ["az_secret"] = AppClientSecret,
        ["signin_success"] = "https://" + name + ".example/login?jwt=id",
        ["security.one_session_per_user"] = oneSessionPerUser,
    });

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendWithBearerAsync(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return Client.SendAsync(request);
    }

    /// <summary>Creates a user directly in the store and returns a session token for it.</summary>
    public async Task<(ParaUser User, string Token)> AddUserWithTokenAsync(string appId, string identifier, string groups = "users", bool active = true)
    {
        var app = (await Apps.FindAsync(appId))!;
        var user = await Services.GetRequiredService<ParaUserService>().CreateUserAsync(new ParaUser
        {
            Id = string.Empty,
            AppId = app.Identifier,
            Identifier = identifier,
            Email = identifier.Replace(':', '_') + "@example.com",
            Name = "Test User",
            Active = active,
            Groups = groups,
        });
        var token = await Services.GetRequiredService<ParaJwtIssuer>().IssueSessionTokenAsync(app, user!);
        return (user!, token!.AccessToken);
    }

    public async Task<string> SuperTokenAsync(string appId) =>
        Services.GetRequiredService<ParaJwtIssuer>().IssueSuperToken((await Apps.FindAsync(appId))!)!.AccessToken;

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Amazon.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
