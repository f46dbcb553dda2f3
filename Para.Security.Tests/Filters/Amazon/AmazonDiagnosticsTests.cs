// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Testing;
using Para.Security.Tests.Server;
using Para.Security.Tokens;

namespace Para.Security.Tests.Filters.Amazon;

/// <summary><c>GET /v1/_diagnostics/amazon</c> through the real server app: root only, and what it explains.</summary>
public sealed class AmazonDiagnosticsTests
{
    private FakeAmazon _amazon = null!;
    private ServerAppHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _amazon = new FakeAmazon(new FakeAmazonOptions()) { FailOnUnmatchedRequests = false };
        _host = await ServerAppHost.StartTestServerAsync(
            "--para.az_app_id=amzn1.application-oa2-client.root", "--para.az_secret=root-secret",
            "--para.security.amazon.authorize_url=" + _amazon.AuthorizeUrl, "--para.security.amazon.token_url=" + _amazon.TokenUrl,
            "--para.security.amazon.profile_url=" + _amazon.ProfileUrl, "--para.security.amazon.tokeninfo_url=" + _amazon.TokenInfoUrl);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        await _amazon.DisposeAsync();
    }

    [Test]
    public async Task Diagnose_RootSuperToken_ExplainsTheRootAppsSetup()
    {
        // Act
        var (status, report) = await DiagnoseAsync("", await RootTokenAsync());

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(report["app"]!.GetValue<string>(), Is.EqualTo("app:para"));
            Assert.That(report["redirect_uri"]!.GetValue<string>(), Is.EqualTo("http://localhost/amazon_auth"));
            Assert.That(report["credentials"]!["usable"]!.GetValue<bool>(), Is.True);
            Assert.That(report["credentials"]!["source"]!.GetValue<string>(), Does.StartWith("configuration"));
            Assert.That(report.ToJsonString(), Does.Not.Contain("root-secret"), "the secret is never shown");
            Assert.That(report["endpoints"]!["token"]!["reachable"]!.GetValue<bool>(), Is.True);
            Assert.That(report["endpoints"]!["token"]!["url"]!.GetValue<string>(), Is.EqualTo(_amazon.TokenUrl));
            Assert.That(report["problems"]!.AsArray().Select(p => p!.GetValue<string>()), Has.One.Contains("plain http"));
        });
    }

    [Test]
    public async Task Diagnose_ChildAppWithHalfItsCredentialsBehindAProxy_NamesEachProblem()
    {
        // Arrange
        var created = await _host.Get<ParaAppService>().CreateChildAppAsync("shop");
        var apps = _host.Get<IAppStore>();
        var shop = (await apps.FindAsync(created.AccessKey!))!;
        shop.Settings["az_app_id"] = "amzn1.application-oa2-client.shop";
        await apps.UpdateAsync(shop);

        // Act
        var (_, report) = await DiagnoseAsync("?appid=shop", await RootTokenAsync(), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "auth.example.com"));

        // Assert
        var problems = report["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report["redirect_uri"]!.GetValue<string>(), Is.EqualTo("https://localhost/amazon_auth"));
            Assert.That(report["credentials"]!["usable"]!.GetValue<bool>(), Is.False);
            Assert.That(problems, Has.One.Contains("a child app needs both"));
            Assert.That(problems, Has.One.Contains("X-Forwarded-Host is auth.example.com"));
        });
    }

    [Test]
    public async Task Diagnose_ChildAppToken_IsForbidden()
    {
        // Arrange
        var created = await _host.Get<ParaAppService>().CreateChildAppAsync("other");
        var other = (await _host.Get<IAppStore>().FindAsync(created.AccessKey!))!;
        var token = _host.Get<ParaJwtIssuer>().IssueSuperToken(other)!.AccessToken;

        // Act
        var (status, report) = await DiagnoseAsync("", token);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(report["message"]!.GetValue<string>(), Is.EqualTo("Only the root app can read diagnostics."));
        });
    }

    [Test]
    public async Task Diagnose_Anonymous_IsRefused()
    {
        // Act
        var response = await _host.Client.GetAsync(new Uri("/v1/_diagnostics/amazon", UriKind.Relative));

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task<string> RootTokenAsync()
    {
        var root = (await _host.Get<IAppStore>().FindAsync("app:para"))!;
        return _host.Get<ParaJwtIssuer>().IssueSuperToken(root)!.AccessToken;
    }

    private async Task<(HttpStatusCode Status, JsonObject Report)> DiagnoseAsync(string query, string token, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/_diagnostics/amazon" + query);
        request.Headers.Add("Authorization", "Bearer " + token);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
