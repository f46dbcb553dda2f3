// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Server;
using Para.Security.Storage;
using Para.Security.Tokens;

namespace Para.Security.Tests.Server;

/// <summary>The server as built by <c>ParaServerApp</c>, over HTTP (TestServer): first start, <c>/v1/_setup</c>, <c>/v1/_me</c>.</summary>
public sealed class ParaServerAppTests
{
    private string _dir = null!;
    private StringWriter _output = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("para-server-").FullName;
        _output = new StringWriter();
        _app = ParaServerApp.Create(
            new ParaConfigurationSources { Arguments = ["--para.dao=memory"], Environment = _ => null, WorkingDirectory = _dir },
            _output,
            builder => builder.WebHost.UseTestServer());
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    [TearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _output.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task Start_FirstStart_WritesRootKeysToAFileOnlyTheUserReadsAndSetupHandsThemOutOnce()
    {
        // Act
        var first = JsonNode.Parse(await _client.GetStringAsync(new Uri("/v1/_setup", UriKind.Relative)))!;
        var second = JsonNode.Parse(await _client.GetStringAsync(new Uri("/v1/_setup", UriKind.Relative)))!;

        // Assert
        var root = (await _app.Services.GetRequiredService<IAppStore>().FindAsync("app:para"))!;
        Assert.Multiple(() =>
        {
            Assert.That(_output.ToString(), Does.Not.Contain(root.Secret), "the console is a log too");
            var file = Path.Combine(_dir, "data", "root-credentials.json");
            var keys = JsonNode.Parse(File.ReadAllText(file))!;
            Assert.That(keys["accessKey"]!.GetValue<string>(), Is.EqualTo("app:para"));
            Assert.That(keys["secretKey"]!.GetValue<string>(), Is.EqualTo(root.Secret));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }

            Assert.That(root.Secret, Has.Length.EqualTo(56));
            Assert.That(first["accessKey"]!.GetValue<string>(), Is.EqualTo("app:para"));
            Assert.That(first["secretKey"]!.GetValue<string>(), Is.EqualTo(root.Secret));
            Assert.That(first["message"]!.GetValue<string>(), Is.EqualTo("Save these keys - they are shown only once!"));
            Assert.That(second.ToJsonString(), Is.EqualTo("""{"message":"All set!"}"""));
        });
    }

    [Test]
    public async Task Me_UserJwt_ReturnsThatUserAsParaJson()
    {
        // Arrange
        var (token, user) = await SignInUserAsync();

        // Act
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/_me");
        request.Headers.Add("Authorization", "Bearer " + token);
        var response = await _client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body["id"]!.GetValue<string>(), Is.EqualTo(user.Id));
            Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("user"));
            Assert.That(body["identifier"]!.GetValue<string>(), Is.EqualTo("az:amzn1.account.ME"));
            Assert.That(body["appid"]!.GetValue<string>(), Is.EqualTo("para"));
            Assert.That(body.ContainsKey("tokenSecret"), Is.False);
            Assert.That(body.ContainsKey("password"), Is.False);
        });
    }

    [Test]
    public async Task Me_TokenInQueryParameter_IsAcceptedWhenNoHeader()
    {
        // Arrange: Para reads the Authorization parameter when the header is absent (§5.5).
        var (token, user) = await SignInUserAsync();

        // Act
        var body = JsonNode.Parse(await _client.GetStringAsync(new Uri("/v1/_me?Authorization=" + Uri.EscapeDataString("Bearer " + token), UriKind.Relative)))!;

        // Assert
        Assert.That(body["id"]!.GetValue<string>(), Is.EqualTo(user.Id));
    }

    [Test]
    public async Task Me_NoToken_Is401WithEmptyBodyAndBearerChallenge()
    {
        // Act
        var response = await _client.GetAsync(new Uri("/v1/_me", UriKind.Relative));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        });
    }

    [Test]
    public async Task Me_EarlierTokenAfterANewSignIn_IsRejectedAsInvalid()
    {
        // Arrange: one_session_per_user (default) resets the token secret on every issue.
        var (first, user) = await SignInUserAsync();
        var app = (await _app.Services.GetRequiredService<IAppStore>().FindAsync("app:para"))!;
        await _app.Services.GetRequiredService<ParaJwtIssuer>().IssueSessionTokenAsync(app, user);

        // Act
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/_me");
        request.Headers.Add("Authorization", "Bearer " + first);
        var response = await _client.SendAsync(request);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer error=\"invalid_token\""));
        });
    }

    [Test]
    public async Task Me_SuperToken_ReturnsTheApp()
    {
        // Arrange
        var app = (await _app.Services.GetRequiredService<IAppStore>().FindAsync("app:para"))!;
        var token = _app.Services.GetRequiredService<ParaJwtIssuer>().IssueSuperToken(app)!;

        // Act
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/_me");
        request.Headers.Add("Authorization", "Bearer " + token.AccessToken);
        var body = JsonNode.Parse(await (await _client.SendAsync(request)).Content.ReadAsStringAsync())!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(body["id"]!.GetValue<string>(), Is.EqualTo("app:para"));
            Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("app"));
            Assert.That(body.ToJsonString(), Does.Not.Contain(app.Secret));
        });
    }

    [Test]
    public async Task UnclaimedPath_PassesThroughToTheApp()
    {
        // Act
        var response = await _client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private async Task<(string Token, ParaUser User)> SignInUserAsync()
    {
        var services = _app.Services;
        var user = (await services.GetRequiredService<ParaUserService>().CreateUserAsync(new ParaUser
        {
            Id = string.Empty, AppId = "para", Identifier = "az:amzn1.account.ME", Email = "me@example.com", Name = "Me", Active = true,
        }))!;
        var app = (await services.GetRequiredService<IAppStore>().FindAsync("app:para"))!;
        var token = (await services.GetRequiredService<ParaJwtIssuer>().IssueSessionTokenAsync(app, user))!;
        return (token.AccessToken, user);
    }
}
