// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Para.Security.Tests.Api;

namespace Para.Security.Tests.Authentication;

/// <summary><c>/jwt_auth</c> over HTTP: every status and message of para-spec.md §1.4, §5.7–§5.9.</summary>
public sealed class JwtAuthEndpointFilterTests
{
    private ApiTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _host = await ApiTestHost.StartAsync(false, "--para.max_entity_size_bytes=2048");
        await _host.SetupAmazonAppAsync("myapp");
    }

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public async Task Post_BodyOverTheLimit_Answers400TooLarge()
    {
        // Arrange
        var json = "{\"appid\":\"app:myapp\",\"provider\":\"amazon\",\"token\":\"" + new string('x', 3000) + "\"}";

        // Act
        var response = await _host.PostJsonAsync("/jwt_auth", json);

        // Assert
        await AssertErrorAsync(response, 400, "Request is too large - the maximum is 2 KB.");
    }

    [TestCase("")]
    [TestCase("{not json")]
    [TestCase("[1,2]")]
    public async Task Post_MalformedOrEmptyJson_Answers400WithAMessage(string body)
    {
        // Arrange, Act
        var response = await _host.PostJsonAsync("/jwt_auth", body);
        var json = await ApiTestHost.JsonAsync(response);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(json["code"]!.GetValue<int>(), Is.EqualTo(400));
            Assert.That(json["message"]!.GetValue<string>(), Does.StartWith("Malformed JSON"));
        });
    }

    [TestCase("{\"appid\":\"app:myapp\",\"provider\":\"amazon\"}")]
    [TestCase("{\"appid\":\"app:myapp\",\"token\":\"t\"}")]
    [TestCase("{\"provider\":\"amazon\",\"token\":\"t\"}")]
    [TestCase("{\"appid\":\"app:myapp\",\"provider\":\"amazon\",\"token\":null}")]
    public async Task Post_MissingField_Answers400WithParasMessage(string body)
    {
        // Arrange, Act
        var response = await _host.PostJsonAsync("/jwt_auth", body);

        // Assert
        await AssertErrorAsync(response, 400, "Some of the required query parameters 'provider', 'appid', 'token', are missing.");
    }

    [Test]
    public async Task Post_NonStringField_Answers400InsteadOfParas500()
    {
        // Arrange, Act
        var response = await _host.PostJsonAsync("/jwt_auth", "{\"appid\":\"app:myapp\",\"provider\":\"amazon\",\"token\":42}");

        // Assert
        await AssertErrorAsync(response, 400, "Invalid request: 'token' must be a string.");
    }

    [TestCase("app:para")]
    [TestCase("para")]
    public async Task Post_RootApp_Answers403(string appId)
    {
        // Arrange, Act
        var response = await _host.PostJsonAsync("/jwt_auth", $"{{\"appid\":\"{appId}\",\"provider\":\"amazon\",\"token\":\"t\"}}");

        // Assert
        await AssertErrorAsync(response, 403, $"Can't authenticate user with app '{appId}' using provider 'amazon'. Reason: clients aren't allowed to access root app.");
    }

    [Test]
    public async Task Post_UnknownApp_Answers400WithTheTrailingSpace()
    {
        // Arrange, Act
        var response = await _host.PostJsonAsync("/jwt_auth", "{\"appid\":\"app:nope\",\"provider\":\"amazon\",\"token\":\"t\"}");

        // Assert
        await AssertErrorAsync(response, 400, "User belongs to app 'app:nope' which does not exist. ");
    }

    [TestCase("facebook")]
    [TestCase("amazon")]
    [TestCase("passwordless")]
    public async Task Post_BadTokenOrUnknownProvider_Answers400Failed(string provider)
    {
        // Arrange, Act
        var response = await _host.PostJsonAsync("/jwt_auth", $"{{\"appid\":\"app:myapp\",\"provider\":\"{provider}\",\"token\":\"bogus\"}}");

        // Assert
        await AssertErrorAsync(response, 400, $"Failed to authenticate user with '{provider}'. Check if user is active.");
    }

    [Test]
    public async Task Post_ProviderNameInAnyCase_IsDispatched()
    {
        // Arrange
        var token = _host.Amazon.IssueAccessToken(ApiTestHost.AppClientId);

        // Act
        var response = await _host.PostJsonAsync("/jwt_auth", $"{{\"appid\":\"app:myapp\",\"provider\":\"AmAzOn\",\"token\":\"{token}\"}}");

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("amazon")]
    [TestCase("passwordless")]
    public async Task Post_EmptyToken_Answers400FailedNever500(string provider)
    {
        // Arrange: found by the fuzzer; Para's null check lets "" through to the provider, which refuses it.
        var body = $"{{\"appid\":\"myapp\",\"provider\":\"{provider}\",\"token\":\"\"}}";
        var callsBefore = _host.Amazon.Requests.Count;

        // Act
        var response = await _host.PostJsonAsync("/jwt_auth", body);

        // Assert
        await AssertErrorAsync(response, 400, $"Failed to authenticate user with '{provider}'. Check if user is active.");
        Assert.That(_host.Amazon.Requests, Has.Count.EqualTo(callsBefore), "an empty token is refused before any call to Amazon");
    }

    [Test]
    public async Task Post_Success_AnswersJwtAndUserWithIntegerMilliseconds()
    {
        // Arrange
        var token = _host.Amazon.IssueAccessToken(ApiTestHost.AppClientId);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // Act
        var response = await _host.PostJsonAsync("/jwt_auth", $"{{\"appid\":\"myapp\",\"provider\":\"amazon\",\"token\":\"{token}\"}}", "Anonymous app:myapp");
        var json = await ApiTestHost.JsonAsync(response);

        // Assert
        var jwt = json["jwt"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(json.Select(p => p.Key), Is.EquivalentTo(new[] { "jwt", "user" }));
            Assert.That(jwt["access_token"]!.GetValue<string>(), Does.StartWith("eyJhbGciOiJIUzI1NiJ9."));
            Assert.That(jwt["expires"]!.ToJsonString(), Does.Match("^[0-9]+$"));
            Assert.That(jwt["refresh"]!.ToJsonString(), Does.Match("^[0-9]+$"));
            Assert.That(jwt["expires"]!.GetValue<long>(), Is.InRange(before + 86_400_000, before + 86_500_000));
            Assert.That(json["user"]!["identifier"]!.GetValue<string>(), Is.EqualTo("az:" + Para.Security.Testing.FakeAmazonAccount.Default.UserId));
            Assert.That(json["user"]!["appid"]!.GetValue<string>(), Is.EqualTo("myapp"));
            Assert.That(json["user"]!.AsObject().ContainsKey("tokenSecret"), Is.False);
        });
    }

    [Test]
    public async Task Get_ValidUserToken_RefreshesAndInvalidatesTheOldOne()
    {
        // Arrange
        var (_, token) = await _host.AddUserWithTokenAsync("app:myapp", "custom:refresh1");

        // Act
        var refreshed = await _host.SendWithBearerAsync(HttpMethod.Get, "/jwt_auth", token);
        var json = await ApiTestHost.JsonAsync(refreshed);
        var again = await _host.SendWithBearerAsync(HttpMethod.Get, "/jwt_auth", token);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(json["jwt"]!["access_token"]!.GetValue<string>(), Is.Not.EqualTo(token));
            Assert.That(json["user"]!["identifier"]!.GetValue<string>(), Is.EqualTo("custom:refresh1"));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "one_session_per_user reset the secret");
        });
    }

    [TestCase(null)]
    [TestCase("not-a-jwt")]
    public async Task Get_NoOrBadToken_Answers401MustReauthenticate(string? token)
    {
        // Arrange, Act
        var response = token is null
            ? await _host.Client.GetAsync(new Uri("/jwt_auth", UriKind.Relative))
            : await _host.SendWithBearerAsync(HttpMethod.Get, "/jwt_auth", token);

        // Assert
        await AssertErrorAsync(response, 401, "User must reauthenticate.");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer error=\"invalid_token\""));
    }

    [Test]
    public async Task Get_SuperToken_Answers401()
    {
        // Arrange
        var token = await _host.SuperTokenAsync("app:myapp");

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Get, "/jwt_auth", token);

        // Assert
        await AssertErrorAsync(response, 401, "User must reauthenticate.");
    }

    [Test]
    public async Task Delete_ValidUserToken_RevokesEveryToken()
    {
        // Arrange
        var (user, token) = await _host.AddUserWithTokenAsync("app:myapp", "custom:revoke1");

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Delete, "/jwt_auth", token);
        var me = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/_me", token);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($"{{\"code\":200,\"message\":\"All tokens revoked for user {user.Id}!\"}}"));
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task Delete_NoToken_Answers401WithBearerChallenge()
    {
        // Arrange, Act
        var response = await _host.Client.DeleteAsync(new Uri("/jwt_auth", UriKind.Relative));

        // Assert
        await AssertErrorAsync(response, 401, "Invalid or expired token.");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [TestCase("PUT")]
    [TestCase("PATCH")]
    [TestCase("HEAD")]
    public async Task OtherMethod_AnswersEmpty200(string method)
    {
        // Arrange, Act
        var response = await _host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri("/jwt_auth", UriKind.Relative)));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        });
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status), body);
            Assert.That(body, Is.EqualTo(new JsonObject { ["code"] = status, ["message"] = message }.ToJsonString()));
        });
    }
}
