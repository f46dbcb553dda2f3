// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Api;

/// <summary><c>GET /v1/_setup/{name}</c> and <c>POST /v1/_newkeys</c> (para-spec.md §10.1).</summary>
public sealed class AppKeysEndpointsTests
{
    private ApiTestHost _host = null!;

    [SetUp]
    public async Task StartHost() => _host = await ApiTestHost.StartAsync();

    [TearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public async Task Setup_SignedByRoot_CreatesTheAppOnceThenAllSet()
    {
        // Arrange
        var root = _host.RootClient();

        // Act
        var first = ParaClientWire.Entity(await root.InvokeAsync(HttpMethod.Get, "_setup/New_App?name=My%20App", null));
        var second = ParaClientWire.Entity(await root.InvokeAsync(HttpMethod.Get, "_setup/New_App", null));
        var app = await _host.Apps.FindAsync("app:new-app");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(first!.Select(p => p.Key), Is.EqualTo(new[] { "accessKey", "message", "secretKey" }));
            Assert.That(first!["accessKey"]!.GetValue<string>(), Is.EqualTo("app:new-app"));
            Assert.That(first!["secretKey"]!.GetValue<string>(), Has.Length.EqualTo(56));
            Assert.That(app!.Name, Is.EqualTo("My App"));
            Assert.That(second!.ToJsonString(), Is.EqualTo("{\"message\":\"All set!\"}"));
        });
    }

    [Test]
    public async Task Setup_WithRootSuperToken_Works()
    {
        // Arrange
        var token = await _host.SuperTokenAsync("app:para");

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/_setup/viatoken", token);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await _host.Apps.FindAsync("app:viatoken"), Is.Not.Null);
        });
    }

    [Test]
    public async Task Setup_ByAChildApp_Answers403()
    {
        // Arrange
        var secret = await _host.SetupAppAsync("child");

        // Act
        var response = await _host.ClientFor("app:child", secret).InvokeAsync(HttpMethod.Get, "_setup/other", null);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"code\":403,\"message\":\"Only root app can create and initialize other apps.\"}"));
            Assert.That(await _host.Apps.FindAsync("app:other"), Is.Null);
        });
    }

    [Test]
    public async Task NewKeys_SignedApp_RotatesItsSecret_OldKeysStopWorking()
    {
        // Arrange
        var secret = await _host.SetupAppAsync("rotating");
        var old = _host.ClientFor("app:rotating", secret);

        // Act
        var keys = await old.NewKeysAsync();
        var withOld = await old.InvokeAsync(HttpMethod.Get, "_settings", null);
        var withNew = await _host.ClientFor("app:rotating", keys!["secretKey"]!.GetValue<string>()).InvokeAsync(HttpMethod.Get, "_settings", null);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(keys.Select(p => p.Key), Is.EqualTo(new[] { "accessKey", "secretKey", "info" }));
            Assert.That(keys["accessKey"]!.GetValue<string>(), Is.EqualTo("app:rotating"));
            Assert.That(keys["info"]!.GetValue<string>(), Is.EqualTo("Save the secret key! It is showed only once!"));
            Assert.That(keys["secretKey"]!.GetValue<string>(), Is.Not.EqualTo(secret));
            Assert.That(withOld.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(withNew.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task NewKeys_AdminUserToken_Answers401NotAnApp()
    {
        // Arrange
        await _host.SetupAppAsync("myapp");
        var (_, token) = await _host.AddUserWithTokenAsync("app:myapp", "custom:admin", "admins");

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Post, "/v1/_newkeys", token);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"code\":401,\"message\":\"Not an app.\"}"));
        });
    }
}
