// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Identity;
using Para.Security.Pipeline;
using Para.Security.Server;
using Para.Security.Storage;
using Para.Security.Tests.Server;
using Para.Security.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Para.Security.Tests.Providers;

/// <summary>
/// The real server app with a second provider added by its one registration line (<see cref="TinyAuthExtensions.AddTiny"/>)
/// and nothing else: the pipeline runs it, the login page shows its button, diagnostics explain it, and its paths are
/// rate-limited although they do not end in <c>_auth</c>. WireMock plays the tiny provider.
/// </summary>
public sealed partial class SecondProviderTests
{
    private WireMockServer _tiny = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _tiny = WireMockServer.Start();
        _tiny.Given(Request.Create().WithPath("/token").UsingPost())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"access_token":"tiny-access","token_type":"bearer","expires_in":3600}"""));
        _tiny.Given(Request.Create().WithPath("/me").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"id":"42","email":"kim@example.com","name":"Kim Tiny"}"""));
        _directory = Directory.CreateTempSubdirectory("para-second-provider-");
    }

    [TearDown]
    public async Task TearDown()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _tiny.Dispose();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task Pipeline_TinyRegistered_RunsItsFilterAtItsPathsAfterParasProviders()
    {
        // Arrange
        await StartAsync();

        // Act
        var filters = _app.Services.GetRequiredService<AuthPipeline>().Filters;

        // Assert
        var tiny = filters.Single(f => f.Name == "tiny");
        Assert.Multiple(() =>
        {
            Assert.That(tiny.Order, Is.EqualTo(AuthFilterOrder.OtherProviders));
            Assert.That(tiny.Order, Is.GreaterThan(filters.Single(f => f.Name == "amazon").Order));
            Assert.That(tiny.Matcher.IsMatch("/signin-tiny") && tiny.Matcher.IsMatch("/signin-tiny/start"), Is.True);
        });
    }

    [Test]
    public async Task Callback_TinyCode_SignsInATinyUser()
    {
        // Arrange
        await StartAsync();

        // Act
        var response = await _client.GetAsync(new Uri("/signin-tiny?code=tiny-code&state=para", UriKind.Relative));

        // Assert
        var user = await _app.Services.GetRequiredService<IUserStore>().FindByIdentifierAsync("para", "tn:42");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"));
            Assert.That(user?.Name, Is.EqualTo("Kim Tiny"));
            Assert.That(_tiny.LogEntries.Select(e => e.RequestMessage?.Path), Is.EqualTo(new[] { "/token", "/me" }));
        });
    }

    [Test]
    public async Task LoginPage_RootAppWithBothSetUp_ShowsBothButtonsInTheirColours()
    {
        // Arrange
        await StartAsync();

        // Act
        var response = await _client.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        var css = StyleElement().Match(html).Groups["css"].Value;
        Assert.Multiple(() =>
        {
            Assert.That(Href(html, "amazon"), Is.EqualTo("/amazon_auth/start?appid=para"));
            Assert.That(Href(html, "tiny"), Is.EqualTo("/signin-tiny/start?appid=para"));
            Assert.That(html, Does.Contain(">Sign in with Tiny</a>"));
            Assert.That(css, Does.Contain(".provider-tiny{background:#123456;border-color:#0a1b2c;color:#ffffff}"));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain(
                "style-src 'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css))) + "'"));
        });
    }

    [Test]
    public async Task LoginPage_ChildAppWithOnlyTinyKeys_ShowsOnlyTheTinyButton()
    {
        // Arrange
        await StartAsync();
        var created = await _app.Services.GetRequiredService<ParaAppService>().CreateChildAppAsync("shop");
        var apps = _app.Services.GetRequiredService<IAppStore>();
        var shop = (await apps.FindAsync(created.AccessKey!))!;
        shop.Settings["tn_app_id"] = "tiny-shop";
        shop.Settings["tn_secret"] = "tiny-shop-secret";
        await apps.UpdateAsync(shop);

        // Act
        var html = await _client.GetStringAsync(new Uri("/?appid=shop", UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(Href(html, "tiny"), Is.EqualTo("/signin-tiny/start?appid=shop"));
            Assert.That(Href(html, "amazon"), Is.Null);
            Assert.That(html, Does.Not.Contain("not set up"));
        });
    }

    [Test]
    public async Task LoginPage_NeitherSetUp_NamesEachProvidersKeys()
    {
        // Arrange
        await StartAsync(credentials: false);

        // Act
        var html = await _client.GetStringAsync(new Uri("/", UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Sign in with Tiny is not set up for this app."));
            Assert.That(html, Does.Contain("<code>para.tn_app_id</code>").And.Contain("<code>PARA_TN_SECRET</code>"));
            Assert.That(html, Does.Contain("Login with Amazon is not set up for this app."));
            Assert.That(Href(html, "tiny"), Is.Null);
        });
    }

    [Test]
    public async Task Diagnostics_Tiny_ExplainsItsSetupAndProbesItsEndpoint()
    {
        // Arrange
        await StartAsync();

        // Act
        var (status, report) = await DiagnoseAsync("tiny");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(report["provider"]!.GetValue<string>(), Is.EqualTo("tiny"));
            Assert.That(report["redirect_uri"]!.GetValue<string>(), Is.EqualTo("http://localhost/signin-tiny"));
            Assert.That(report["start_url"]!.GetValue<string>(), Is.EqualTo("http://localhost/signin-tiny/start?appid=para"));
            Assert.That(report["credentials"]!["source"]!.GetValue<string>(), Is.EqualTo("configuration (para.tn_app_id / para.tn_secret)"));
            Assert.That(report["credentials"]!["usable"]!.GetValue<bool>(), Is.True);
            Assert.That(report["scope"]!.GetValue<string>(), Is.EqualTo("me"));
            Assert.That(report["endpoints"]!["token"]!["url"]!.GetValue<string>(), Is.EqualTo(_tiny.Url + "/token"));
            Assert.That(report["endpoints"]!["token"]!["reachable"]!.GetValue<bool>(), Is.True);
            Assert.That(report.ToJsonString(), Does.Not.Contain("tiny-secret"));
        });
    }

    [Test]
    public async Task Diagnostics_UnregisteredProvider_Answers404()
    {
        // Arrange
        await StartAsync();

        // Act
        var (status, report) = await DiagnoseAsync("github");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(report["message"]!.GetValue<string>(), Is.EqualTo("No such provider."));
        });
    }

    [TestCase("/signin-tiny?state=para")]
    [TestCase("/signin-tiny/start?appid=para")]
    public async Task RateLimit_TinyPaths_AreLimitedAlthoughNotNamedAuth(string path)
    {
        // Arrange
        await StartAsync("--para.security.rate_limit.permit_limit=2");

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await _client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }

        // Assert
        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests }));
    }

    private async Task StartAsync(params string[] extra) => await StartAsync(credentials: true, extra);

    private async Task StartAsync(bool credentials, params string[] extra)
    {
        string[] keys = credentials
            ? ["--para.az_app_id=amzn1.application-oa2-client.root", "--para.az_secret=root-secret", "--para.tn_app_id=tiny-client", "--para.tn_secret=tiny-secret"]
            : [];
        var sources = ServerAppHost.Sources(_directory, null, [.. keys, "--para.security.tiny.base_url=" + _tiny.Url, .. extra]);
        _app = ParaServerApp.Create(sources, new StringWriter(), builder =>
        {
            builder.WebHost.UseTestServer();
            new ParaSecurityBuilder(builder.Services, builder.Configuration).AddTiny(); // the one line a provider needs
        });
        await _app.StartAsync();
        _client = _app.GetTestServer().CreateClient();
    }

    private async Task<(HttpStatusCode Status, JsonObject Report)> DiagnoseAsync(string provider)
    {
        var root = (await _app.Services.GetRequiredService<IAppStore>().FindAsync("app:para"))!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/_diagnostics/" + provider);
        request.Headers.Add("Authorization", "Bearer " + _app.Services.GetRequiredService<ParaJwtIssuer>().IssueSuperToken(root)!.AccessToken);
        var response = await _client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static string? Href(string html, string provider) =>
        Regex.Match(html, "id=\"login-with-" + provider + "\" href=\"(?<href>[^\"]*)\"") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups["href"].Value) : null;

    [GeneratedRegex("<style>(?<css>.*)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
