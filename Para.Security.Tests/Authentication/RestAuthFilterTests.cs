// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Para.Security.Tests.Api;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Authentication;

/// <summary>API authentication on <c>/v1</c> (para-spec.md §1.5): signatures, super tokens, users, guests, app checks.</summary>
public sealed class RestAuthFilterTests
{
    private ApiTestHost _host = null!;
    private string _secret = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _host = await ApiTestHost.StartAsync();
        _secret = await _host.SetupAppAsync("myapp", new JsonObject { ["k"] = "v" });
    }

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public async Task SignedRequest_FromParaClientWire_Passes()
    {
        // Arrange, Act
        var settings = await _host.ClientFor("app:myapp", _secret).AppSettingsAsync();

        // Assert
        Assert.That(settings!["k"]!.GetValue<string>(), Is.EqualTo("v"));
    }

    [Test]
    public async Task SignedRequest_DateOlderThan900Seconds_Answers400Expired()
    {
        // Arrange
        var request = Signed(HttpMethod.Get, "/v1/_settings", null, DateTimeOffset.UtcNow.AddSeconds(-901));

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        await AssertErrorAsync(response, 400, "Request has expired.");
    }

    [Test]
    public async Task SignedRequest_DateInTheFuture_IsAccepted()
    {
        // Arrange
        var request = Signed(HttpMethod.Get, "/v1/_settings", null, DateTimeOffset.UtcNow.AddHours(5));

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task SignedRequest_NoDate_Answers400Expired()
    {
        // Arrange
        var request = Signed(HttpMethod.Get, "/v1/_settings", null, DateTimeOffset.UtcNow);
        request.Headers.Remove("X-Amz-Date");

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        await AssertErrorAsync(response, 400, "Request has expired.");
    }

    [Test]
    public async Task SignedRequest_TamperedBody_Answers403InvalidSignature()
    {
        // Arrange: signed for one body, sent with another (and the claimed hash removed).
        var request = Signed(HttpMethod.Put, "/v1/_settings/x", "{\"value\":1}", DateTimeOffset.UtcNow);
        request.Content = Json("{\"value\":2}");
        request.Headers.Remove("X-Amz-Content-SHA256");

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        await AssertErrorAsync(response, 403, "Invalid signature for request PUT /v1/_settings/x coming from app myapp");
    }

    [Test]
    public async Task SignedRequest_ContentHashHeaderNotMatchingTheBody_Answers403()
    {
        // Arrange
        var request = Signed(HttpMethod.Put, "/v1/_settings/x", "{\"value\":1}", DateTimeOffset.UtcNow);
        request.Content = Json("{\"value\":2}");

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task SignedRequest_WrongSecret_Answers403()
    {
        // Arrange
        var request = Signed(HttpMethod.Get, "/v1/_settings", null, DateTimeOffset.UtcNow, secret: "wrong-secret");

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        await AssertErrorAsync(response, 403, "Invalid signature for request GET /v1/_settings coming from app myapp");
    }

    [Test]
    public async Task SignedRequest_UnknownAccessKey_Answers404AppNotFound()
    {
        // Arrange
        var request = Signed(HttpMethod.Get, "/v1/_settings", null, DateTimeOffset.UtcNow, accessKey: "app:nobody");

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        await AssertErrorAsync(response, 404, "App not found.");
    }

    [Test]
    public async Task SignedRequest_SignedHeaderMissingFromTheRequest_Answers403()
    {
        // Arrange: content-type is listed as signed but then dropped.
        var request = Signed(HttpMethod.Put, "/v1/_settings/x", "{\"value\":1}", DateTimeOffset.UtcNow);
        request.Content!.Headers.ContentType = null;

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task SignedRequest_MissingSignaturePart_Answers403()
    {
        // Arrange
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/_settings", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("X-Amz-Date", TestSigV4Signer.AmzDate(DateTimeOffset.UtcNow));
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=app:myapp/20260101/us-east-1/para/aws4_request");

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("//us-east-1//aws4_request")]
    [TestCase("{0}/us-east-1/para/aws4_request/extra/parts")]
    [TestCase("")]
    public async Task SignedRequest_OddCredentialScope_Answers400AndNeverReachesTheEndpoint(string scope)
    {
        // Arrange: a signature that is otherwise right, under a scope with empty or extra parts.
        var now = DateTimeOffset.UtcNow;
        var request = Signed(HttpMethod.Get, "/v1/_settings", null, now);
        var authorization = request.Headers.GetValues("Authorization").Single();
        var odd = "Credential=app:myapp/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, scope, TestSigV4Signer.AmzDate(now)[..8]) + ",";
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", System.Text.RegularExpressions.Regex.Replace(authorization, "Credential=[^,]*,", odd));

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        await AssertErrorAsync(response, 400, "Malformed credential: expected Credential={accessKey}/{yyyyMMdd}/us-east-1/para/aws4_request.");
    }

    [Test]
    public async Task SignedRequest_UnsignedExtraHeader_IsIgnored()
    {
        // Arrange
        var request = Signed(HttpMethod.Get, "/v1/_settings", null, DateTimeOffset.UtcNow);
        request.Headers.TryAddWithoutValidation("X-Extra", "added after signing");

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task SignedRequest_QueryParameters_AreCoveredAndTampersDetected()
    {
        // Arrange
        var ok = Signed(HttpMethod.Get, "/v1/_settings?b=2&a=1&a=0&s=x%20y", null, DateTimeOffset.UtcNow);
        var tampered = Signed(HttpMethod.Get, "/v1/_settings?b=2", null, DateTimeOffset.UtcNow);
        tampered.RequestUri = new Uri("/v1/_settings?b=3", UriKind.Relative);

        // Act
        var okResponse = await _host.Client.SendAsync(ok);
        var tamperedResponse = await _host.Client.SendAsync(tampered);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(okResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(tamperedResponse.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task QueryStringSigning_OnMe_AuthenticatesTheApp()
    {
        // Arrange
        var url = TestSigV4Signer.Presign(new Uri(_host.BaseAddress, "/v1/_me"), "GET", "app:myapp", _secret, DateTimeOffset.UtcNow);

        // Act
        var response = await _host.Client.GetAsync(url);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await ApiTestHost.JsonAsync(response))["id"]!.GetValue<string>(), Is.EqualTo("app:myapp"));
        });
    }

    [Test]
    public async Task QueryStringSigning_OnOtherPaths_IsAGuestRequestAsInPara()
    {
        // Arrange: no Authorization header means "guest" on non-_me paths (para-spec.md §1.5).
        var url = TestSigV4Signer.Presign(new Uri(_host.BaseAddress, "/v1/_settings"), "GET", "app:myapp", _secret, DateTimeOffset.UtcNow);

        // Act
        var response = await _host.Client.GetAsync(url);

        // Assert
        await AssertErrorAsync(response, 403, "You don't have permission to access this resource. [user: [GUEST], resource: GET /v1/_settings]");
    }

    [Test]
    public async Task DeleteWithTwoByteBody_SignedLikeParaClient_IsAccepted()
    {
        // Arrange
        var client = _host.ClientFor("app:myapp", _secret);
        await client.AddAppSettingAsync("gone", "soon");

        // Act
        var removed = await client.RemoveAppSettingAsync("gone");
        var (request, body) = client.Sent[^1];

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(removed, Is.True);
            Assert.That(body, Is.EqualTo("\"\""u8.ToArray()));
            Assert.That(request.Content!.Headers.ContentType!.ToString(), Is.EqualTo("application/json"));
            Assert.That((await client.AppSettingsAsync())!.ContainsKey("gone"), Is.False);
        });
    }

    [Test]
    public async Task Anonymous_NoCredentials_Answers401()
    {
        // Arrange, Act
        var response = await _host.Client.GetAsync(new Uri("/v1/_settings", UriKind.Relative));

        // Assert
        await AssertErrorAsync(response, 401, "You don't have permission to access this resource. [GET /v1/_settings]");
    }

    [Test]
    public async Task Guest_AnonymousHeader_Answers403GuestMessage()
    {
        // Arrange
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/_settings", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", "Anonymous app:myapp");

        // Act
        var response = await _host.Client.SendAsync(request);

        // Assert
        await AssertErrorAsync(response, 403, "You don't have permission to access this resource. [user: [GUEST], resource: GET /v1/_settings]");
    }

    [Test]
    public async Task SuperToken_OnSettings_Passes()
    {
        // Arrange
        var token = await _host.SuperTokenAsync("app:myapp");

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/_settings", token);

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AdminUserToken_OnSettings_Passes_PlainUserIsDenied()
    {
        // Arrange
        var (_, admin) = await _host.AddUserWithTokenAsync("app:myapp", "custom:admin1", "admins");
        var (plain, user) = await _host.AddUserWithTokenAsync("app:myapp", "custom:plain1");

        // Act
        var adminResponse = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/_settings", admin);
        var userResponse = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/_settings", user);

        // Assert
        Assert.That(adminResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertErrorAsync(userResponse, 403, $"You don't have permission to access this resource. [user: {plain.Id}, resource: GET /v1/_settings]");
    }

    [Test]
    public async Task InactiveUserToken_Answers401()
    {
        // Arrange
        var (_, token) = await _host.AddUserWithTokenAsync("app:myapp", "custom:inactive1", "admins", active: false);

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/_settings", token);

        // Assert
        await AssertErrorAsync(response, 401, "You don't have permission to access this resource. [GET /v1/_settings]");
    }

    [Test]
    public async Task InvalidBearer_Answers401WithInvalidTokenChallenge()
    {
        // Arrange
        var (_, token) = await _host.AddUserWithTokenAsync("app:myapp", "custom:tampered1", "admins");

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/_settings", token[..^2] + "xx");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer error=\"invalid_token\""));
        });
    }

    [Test]
    public async Task ReadOnlyApp_Writes_Answer403_ReadsPass()
    {
        // Arrange
        var secret = await _host.SetupAppAsync("readonly");
        var app = (await _host.Apps.FindAsync("app:readonly"))!;
        app.ReadOnly = true;
        await _host.Apps.UpdateAsync(app);
        var client = _host.ClientFor("app:readonly", secret);

        // Act
        var write = await client.InvokeAsync(HttpMethod.Put, "_settings/x", new JsonObject { ["value"] = 1 });
        var read = await client.InvokeAsync(HttpMethod.Get, "_settings", null);

        // Assert
        await AssertErrorAsync(write, 403, "App is in read-only mode. [app:readonly]");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task InactiveApp_Answers403()
    {
        // Arrange
        var secret = await _host.SetupAppAsync("inactive");
        var app = (await _host.Apps.FindAsync("app:inactive"))!;
        app.Active = false;
        await _host.Apps.UpdateAsync(app);

        // Act
        var response = await _host.ClientFor("app:inactive", secret).InvokeAsync(HttpMethod.Get, "_settings", null);

        // Assert
        await AssertErrorAsync(response, 403, "App not active. [app:inactive]");
    }

    [Test]
    public async Task RootAppUserToken_NonAdmin_IsDenied()
    {
        // Arrange
        var (user, token) = await _host.AddUserWithTokenAsync("app:para", "custom:rootuser");

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/anything", token);

        // Assert
        await AssertErrorAsync(response, 403, $"You don't have permission to access this resource. [user: {user.Id}, resource: GET /v1/anything]");
    }

    [Test]
    public async Task Me_Anonymous_Answers401Empty_AndSetupStaysPublic()
    {
        // Arrange, Act
        var me = await _host.Client.GetAsync(new Uri("/v1/_me", UriKind.Relative));
        var setup = await _host.Client.GetAsync(new Uri("/v1/_setup", UriKind.Relative));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await me.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(setup.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await setup.Content.ReadAsStringAsync(), Does.Contain("\"message\":"), "the keys once, then All set!");
        });
    }

    [Test]
    public async Task Me_UserToken_ReturnsTheUser()
    {
        // Arrange
        var (user, token) = await _host.AddUserWithTokenAsync("app:myapp", "custom:me1");

        // Act
        var response = await _host.SendWithBearerAsync(HttpMethod.Get, "/v1/_me", token);

        // Assert
        Assert.That((await ApiTestHost.JsonAsync(response))["id"]!.GetValue<string>(), Is.EqualTo(user.Id));
    }

    private HttpRequestMessage Signed(HttpMethod method, string pathAndQuery, string? body, DateTimeOffset when, string? secret = null, string accessKey = "app:myapp")
    {
        var request = new HttpRequestMessage(method, new Uri(_host.BaseAddress, pathAndQuery));
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        string[] headers = ["host", "x-amz-content-sha256", "x-amz-date"];
        if (body is not null)
        {
            request.Content = Json(body);
            headers = ["content-type", .. headers];
        }

        TestSigV4Signer.SignHeaders(request, bytes, accessKey, secret ?? _secret, when, headers);
        return request;
    }

    private static ByteArrayContent Json(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
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
