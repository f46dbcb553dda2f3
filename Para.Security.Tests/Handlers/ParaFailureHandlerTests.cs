// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Para.Security.Handlers;
using Para.Security.Pipeline.Results;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Handlers;

public sealed class ParaFailureHandlerTests
{
    private ParaTestHost _host = null!;

    [TearDown]
    public void TearDown() => _host?.Dispose();

    private async Task ArrangeAsync(JsonObject? myappSettings = null, JsonObject? rootSettings = null, params (string, string?)[] config)
    {
        _host = ParaTestHost.Create(config);
        await _host.AddAppAsync("app:para", rootSettings);
        await _host.AddAppAsync("app:myapp", myappSettings);
    }

    private async Task<(AuthResult Result, HttpResponse Response)> HandleAsync(HttpContext context, string message = "Bad credentials.")
    {
        var handlers = await SignInHandlerSettings.FromRequestAsync(context.Request, CancellationToken.None);
        var result = await _host.Get<ParaFailureHandler>().HandleAsync(context, handlers, message, "PARASEC1001");
        return (result, await HttpContexts.ExecuteAsync(result, context));
    }

    // §4.4 row 1.
    [Test]
    public async Task HandleAsync_RootAppWithoutSetting_RedirectsToConfigSigninFailure()
    {
        // Arrange
        await ArrangeAsync();

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=para"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(302));
            Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/signin?error"));
        });
    }

    [TestCase("Bad credentials.", "Bad%20credentials.")]
    [TestCase("Account 1 (myapp/a&b=c) is locked.", "Account%201%20%28myapp%2Fa%26b%3Dc%29%20is%20locked.")]
    public async Task HandleAsync_CausePlaceholder_MessageUrlEncoded(string message, string encoded)
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_failure"] = "https://app.example.com/login?cause=?&x=1" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp"), message);

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://app.example.com/login?cause=" + encoded + "&x=1"));
    }

    [Test]
    public async Task HandleAsync_ChildWithSettingOnRestRequest_StillRedirects()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_failure"] = "/oops" }, null, ("para:context_path", "/ctx"));

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/v1/x?appid=myapp"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/ctx/oops"));
    }

    // §4.4 row 2.
    [TestCase("/v1/x?appid=myapp", null)]
    [TestCase("/amazon_auth?appid=myapp", "XMLHttpRequest")]
    [TestCase("/amazon_auth?appid=nope", "XMLHttpRequest")]
    public async Task HandleAsync_NoTargetRestOrAjax_401Json(string url, string? requestedWith)
    {
        // Arrange
        await ArrangeAsync();
        var context = HttpContexts.Request(url);
        if (requestedWith is not null)
        {
            context.Request.Headers.XRequestedWith = requestedWith;
        }

        // Act
        var (result, response) = await HandleAsync(context);

        // Assert
        var body = JsonNode.Parse(await HttpContexts.ReadBodyAsync(response))!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<JsonResult>());
            Assert.That(response.StatusCode, Is.EqualTo(401));
            Assert.That(response.ContentType, Does.StartWith("application/json"));
            Assert.That(body.ToJsonString(), Is.EqualTo("""{"code":401,"message":"Bad credentials."}"""));
        });
    }

    // §4.4 row 3.
    [Test]
    public async Task HandleAsync_NoTargetBrowser_RedirectsToContextAndConfigFailureWithoutSession()
    {
        // Arrange
        await ArrangeAsync(null, null, ("para:context_path", "/ctx"), ("para:security:signin_failure", "/login?error&cause=?"));

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?appid=myapp"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(302));
            Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/ctx/login?error&cause=?"), "no cause substitution in the fallback");
            Assert.That(response.Headers.SetCookie, Is.Empty, "no JSESSIONID");
        });
    }

    [Test]
    public async Task HandleAsync_NoAppIdOrState_NoRootFallback()
    {
        // Arrange: the root app has its own URL, but without appid/state the failure handler never looks it up.
        await ArrangeAsync(null, new JsonObject { ["signin_failure"] = "https://root.example.com/fail" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?code=C"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/signin?error"));
    }

    [Test]
    public async Task HandleAsync_StateAliasIndex_RewritesHost()
    {
        // Arrange
        await ArrangeAsync(new JsonObject
        {
            ["signin_failure"] = "https://app.example.com/login?cause=?",
            ["security.hosturl_aliases"] = "https://a.example.org,https://b.example.net",
        });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp|0"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://a.example.org/login?cause=Bad%20credentials."));
    }

    [Test]
    public async Task HandleAsync_HostUrlNotMatching_SchemeAndHostOnly()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_failure"] = "https://app.example.com/login?cause=?" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp&host_url=https://evil.example"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://app.example.com"));
    }
}
