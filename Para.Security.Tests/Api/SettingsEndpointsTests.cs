// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Api;

/// <summary><c>/v1/_settings</c> (para-spec.md §6): semantics, Para's quirks, and the effect on the very next login.</summary>
public sealed class SettingsEndpointsTests
{
    private ApiTestHost _host = null!;

    [SetUp]
    public async Task StartHost() => _host = await ApiTestHost.StartAsync(false, "--para.max_entity_size_bytes=1024");

    [TearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public async Task GetAll_AnswersTheWholeMapIncludingSecrets()
    {
        // Arrange
        var client = await NewAppClientAsync(new JsonObject { ["az_secret"] = "s", ["n"] = 5 });

        // Act
        var settings = await client.AppSettingsAsync();

        // Assert
        Assert.That(settings!.ToJsonString(), Is.EqualTo("{\"az_secret\":\"s\",\"n\":5}"));
    }

    [Test]
    public async Task GetOne_PresentAndMissingKeys_AnswerValueOrEmptyObject()
    {
        // Arrange
        var client = await NewAppClientAsync(new JsonObject { ["n"] = 5 });

        // Act
        var present = await client.InvokeAsync(HttpMethod.Get, "_settings/n", null);
        var missing = await client.InvokeAsync(HttpMethod.Get, "_settings/none", null);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(await present.Content.ReadAsStringAsync(), Is.EqualTo("{\"value\":5}"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await missing.Content.ReadAsStringAsync(), Is.EqualTo("{}"));
        });
    }

    [Test]
    public async Task PutAll_ReplacesEverything_SkippingBlankKeysAndNulls()
    {
        // Arrange
        var client = await NewAppClientAsync(new JsonObject { ["old"] = 1 });

        // Act
        var response = await client.InvokeAsync(HttpMethod.Put, "_settings", new JsonObject { ["a"] = "x", [" "] = "blank", ["n"] = null, ["t"] = true });

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That((await client.AppSettingsAsync())!.ToJsonString(), Is.EqualTo("{\"a\":\"x\",\"t\":true}"));
        });
    }

    [Test]
    public async Task PutOne_WithValue_SetsIt_NullIsIgnored()
    {
        // Arrange
        var client = await NewAppClientAsync(new JsonObject { ["keep"] = 1 });

        // Act
        var set = await client.AddAppSettingAsync("k", new JsonObject { ["nested"] = 1 });
        var nulled = await client.AddAppSettingAsync("keep", null);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(set && nulled, Is.True);
            Assert.That((await client.AppSettingsAsync())!.ToJsonString(), Is.EqualTo("{\"keep\":1,\"k\":{\"nested\":1}}"));
        });
    }

    [Test]
    public async Task PutOne_BodyWithoutValue_ReplacesAllSettingsAsParaDoes()
    {
        // Arrange
        var client = await NewAppClientAsync(new JsonObject { ["a"] = 1, ["b"] = 2 });

        // Act
        await client.InvokeAsync(HttpMethod.Put, "_settings/a", new JsonObject { ["c"] = 3 });

        // Assert
        Assert.That((await client.AppSettingsAsync())!.ToJsonString(), Is.EqualTo("{\"c\":3}"));
    }

    [Test]
    public async Task Delete_RemovesTheKey_MissingKeyIsStill200()
    {
        // Arrange
        var client = await NewAppClientAsync(new JsonObject { ["a"] = 1, ["b"] = 2 });

        // Act
        var removed = await client.RemoveAppSettingAsync("a");
        var missing = await client.RemoveAppSettingAsync("zzz");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(removed && missing, Is.True);
            Assert.That((await client.AppSettingsAsync())!.ToJsonString(), Is.EqualTo("{\"b\":2}"));
        });
    }

    [TestCase("{not json")]
    [TestCase("")]
    [TestCase("[1]")]
    public async Task Put_MalformedJson_Answers400BadRequest(string body)
    {
        // Arrange
        var token = await NewAppSuperTokenAsync();

        // Act
        var response = await PutRawAsync("/v1/_settings", body, token);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"code\":400,\"message\":\"Bad Request\"}"));
        });
    }

    [Test]
    public async Task Put_BodyOverTheLimit_Answers400TooLarge()
    {
        // Arrange
        var token = await NewAppSuperTokenAsync();

        // Act
        var response = await PutRawAsync("/v1/_settings", "{\"a\":\"" + new string('x', 2000) + "\"}", token);

        // Assert
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"code\":400,\"message\":\"Request is too large - the maximum is 1 KB.\"}"));
    }

    [Test]
    public async Task RootApp_EditsItsOwnSettingsOnly()
    {
        // Arrange
        var child = await NewAppClientAsync(new JsonObject { ["mine"] = 1 });
        var root = _host.RootClient();

        // Act
        await root.AddAppSettingAsync("rootonly", "r");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That((await root.AppSettingsAsync())!.ToJsonString(), Is.EqualTo("{\"rootonly\":\"r\"}"));
            Assert.That((await child.AppSettingsAsync())!.ToJsonString(), Is.EqualTo("{\"mine\":1}"));
        });
    }

    [Test]
    public async Task Change_IsUsedByTheVeryNextAmazonLogin()
    {
        // Arrange: a child app with no Amazon credentials cannot log in...
        var client = await NewAppClientAsync(null);
        var before = await _host.AmazonCallbackAsync("myapp", ApiTestHost.AppClientId);

        // Act: ...until its settings say how.
        await client.AddAppSettingAsync("az_app_id", ApiTestHost.AppClientId);
        await client.AddAppSettingAsync("az_secret", ApiTestHost.AppClientSecret);
        await client.AddAppSettingAsync("signin_success", "https://myapp.example/welcome?jwt=id");
        var after = await _host.AmazonCallbackAsync("myapp", ApiTestHost.AppClientId);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(before.Headers.Location?.ToString(), Does.Contain("error"));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after.Headers.Location?.ToString(), Does.StartWith("https://myapp.example/welcome?jwt=eyJhbGciOiJIUzI1NiJ9."));
            Assert.That(_host.Amazon.TokenRequests[^1].Form.Single(f => f.Key == "client_id").Value, Is.EqualTo(ApiTestHost.AppClientId));
        });
    }

    [Test]
    public async Task NoOwnApp_NonAdminCannotReachTheEndpoint()
    {
        // Arrange
        await _host.SetupAppAsync("myapp");
        var (_, token) = await _host.AddUserWithTokenAsync("app:myapp", "custom:u1");

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/_settings", token);

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Masking_On_HidesSecretsFromChildAppsButNotFromRoot()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync(false, "--para.security.mask_setting_secrets=true");
        var secret = await host.SetupAppAsync("myapp", new JsonObject { ["az_secret"] = "s", ["app_secret_key"] = "k", ["az_app_id"] = "id" });
        var root = host.RootClient();
        await root.AddAppSettingAsync("gp_secret", "g");

        // Act
        var child = await host.ClientFor("app:myapp", secret).AppSettingsAsync();
        var one = await host.ClientFor("app:myapp", secret).AppSettingsAsync("az_secret");
        var rootSettings = await root.AppSettingsAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(child!.ToJsonString(), Is.EqualTo("{\"az_secret\":\"********\",\"app_secret_key\":\"********\",\"az_app_id\":\"id\"}"));
            Assert.That(one!.ToJsonString(), Is.EqualTo("{\"value\":\"********\"}"));
            Assert.That(rootSettings!.ToJsonString(), Is.EqualTo("{\"gp_secret\":\"g\"}"));
        });
    }

    private async Task<ParaClientWire> NewAppClientAsync(JsonObject? settings)
    {
        var secret = await _host.SetupAppAsync("myapp", settings);
        return _host.ClientFor("app:myapp", secret);
    }

    private async Task<string> NewAppSuperTokenAsync()
    {
        await _host.SetupAppAsync("myapp");
        return await _host.SuperTokenAsync("app:myapp");
    }

    private Task<HttpResponseMessage> PutRawAsync(string path, string body, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return _host.Client.SendAsync(request);
    }
}
