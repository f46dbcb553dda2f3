// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Api;

/// <summary>
/// ParaClient's wire format against the real server on Kestrel (a loopback port): sign in with an ID token from the
/// Amazon web flow, read <c>me</c>, refresh, revoke, and round-trip app settings.
/// </summary>
public sealed class ParaClientWireTests
{
    private ApiTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await ApiTestHost.StartAsync(kestrel: true);

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public async Task UserSession_OverKestrel_SignInMeRefreshRevoke()
    {
        // Arrange
        await _host.SetupAmazonAppAsync("wireapp");
        var idToken = await _host.IdTokenFromAmazonAsync("wireapp");
        var client = _host.ClientFor("app:wireapp", null);

        // Act
        var user = await client.SignInAsync("passwordless", idToken);
        var signInRequest = client.Sent[^1];
        var me = await client.MeAsync();
        var firstToken = client.AccessToken;
        var refreshed = await client.RefreshTokenAsync();
        var meAfterRefresh = await client.MeAsync();
        var revoked = await client.RevokeAllTokensAsync();
        var meAfterRevoke = await client.MeAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(_host.BaseAddress.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(user!["identifier"]!.GetValue<string>(), Does.StartWith("az:"));
            Assert.That(signInRequest.Request.Headers.Authorization!.ToString(), Is.EqualTo("Anonymous app:wireapp"));
            Assert.That(JsonNode.Parse(signInRequest.Body)!.ToJsonString(), Is.EqualTo($"{{\"appid\":\"app:wireapp\",\"provider\":\"passwordless\",\"token\":\"{idToken}\"}}"));
            Assert.That(me!["id"]!.GetValue<string>(), Is.EqualTo(user["id"]!.GetValue<string>()));
            Assert.That(refreshed, Is.True);
            Assert.That(client.AccessToken, Is.Not.EqualTo(firstToken));
            Assert.That(meAfterRefresh, Is.Not.Null);
            Assert.That(revoked, Is.True);
            Assert.That(meAfterRevoke, Is.Null);
        });
    }

    [Test]
    public async Task AutoRefresh_RefreshTimePassed_RefreshesBeforeTheCall()
    {
        // Arrange: a 60 s session, so refresh = now + 30 s; the client's clock is then moved past it.
        await _host.SetupAmazonAppAsync("shortapp");
        var app = (await _host.Apps.FindAsync("app:shortapp"))!;
        app.Settings["session_timeout"] = 60;
        await _host.Apps.UpdateAsync(app);
        var client = _host.ClientFor("app:shortapp", null);
        await client.SignInAsync("passwordless", await _host.IdTokenFromAmazonAsync("shortapp"));
        client.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(40));

        // Act
        var me = await client.MeAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(me, Is.Not.Null);
            Assert.That(client.Sent.Select(s => s.Request.Method + " " + s.Request.RequestUri!.AbsolutePath).TakeLast(2),
                Is.EqualTo(new[] { "GET /jwt_auth", "GET /v1/_me" }));
        });
    }

    [Test]
    public async Task AppSettings_OverKestrel_RoundTripWithSignedRequests()
    {
        // Arrange
        var secret = await _host.SetupAppAsync("settingsapp");
        var client = _host.ClientFor("app:settingsapp", secret);

        // Act
        var added = await client.AddAppSettingAsync("signin_success", "https://x.example/?jwt=id");
        var replaced = await client.SetAppSettingsAsync(new JsonObject { ["a"] = 1, ["b"] = "two" });
        var one = await client.AppSettingsAsync("b");
        var removed = await client.RemoveAppSettingAsync("a");
        var all = await client.AppSettingsAsync();
        var put = client.Sent.First(s => s.Request.Method == HttpMethod.Put);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(added && replaced && removed, Is.True);
            Assert.That(one!.ToJsonString(), Is.EqualTo("{\"value\":\"two\"}"));
            Assert.That(all!.ToJsonString(), Is.EqualTo("{\"b\":\"two\"}"));
            Assert.That(put.Request.Headers.GetValues("Authorization").Single(), Does.Contain("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date"));
            Assert.That(put.Request.Headers.GetValues("Authorization").Single(), Does.StartWith("AWS4-HMAC-SHA256 Credential=app:settingsapp/"));
            Assert.That(put.Request.Headers.UserAgent.ToString(), Is.EqualTo("Para client for .NET"));
        });
    }

    [Test]
    public void Entity_204_IsAFailure_AndTokenRepliesMustBeObjectsOfIntegers()
    {
        // Arrange
        var noContent = new HttpResponseMessage(HttpStatusCode.NoContent);
        var client = new ParaClientWire(_host.Client, "app:x", null);

        // Act, Assert
        Assert.Multiple(() =>
        {
            Assert.That(ParaClientWire.Entity(noContent), Is.Null);
            Assert.That(() => Read(client, "{\"jwt\":{\"access_token\":\"t\",\"expires\":1.5,\"refresh\":1},\"user\":{}}"), Throws.InstanceOf<InvalidCastException>());
            Assert.That(() => Read(client, "{\"jwt\":{\"access_token\":\"t\",\"expires\":\"1\",\"refresh\":1},\"user\":{}}"), Throws.InstanceOf<InvalidCastException>());
            Assert.That(() => Read(client, "{\"jwt\":{\"access_token\":\"t\",\"refresh\":1},\"user\":{}}"), Throws.InstanceOf<KeyNotFoundException>());
            Assert.That(() => Read(client, "{\"jwt\":{\"access_token\":\"t\",\"expires\":1,\"refresh\":1},\"user\":{},\"x\":1}"), Throws.InstanceOf<JsonException>());
        });
    }

    private static void Read(ParaClientWire client, string json) => client.ReadTokenReply(JsonNode.Parse(json)!.AsObject());
}
