// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Para.Security.Server.Demo;

namespace Para.Security.Tests.Server.Demo;

/// <summary>Demo mode's own pretend Login with Amazon: the parts of the LWA contract a wrong request must not pass.</summary>
[TestFixture]
public sealed class DemoAmazonTests
{
    private const string ClientId = "amzn1.application-oa2-client.demo";
    private const string Secret = "demo-secret";
    private const string ReturnUrl = "http://localhost:8080/amazon_auth";

    private readonly FakeTimeProvider _time = new();
    private DemoAmazon _amazon = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void Start()
    {
        _amazon = DemoAmazon.Start(ClientId, Secret, [DemoAccount.Pat], _time);
        _amazon.AllowReturnUrls([ReturnUrl]);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
    }

    [TearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _amazon.DisposeAsync();
    }

    [Test]
    public async Task Token_CodeOfPatWithTheVerifier_GivesATokenThatReadsPatsProfile()
    {
        // Arrange
        var code = await CodeAsync(challenge: Challenge("verifier-0123456789-0123456789-0123456789"));

        // Act
        using var token = await ExchangeAsync(code, Secret, "verifier-0123456789-0123456789-0123456789");
        var accessToken = JsonNode.Parse(await token.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, _amazon.ProfileUrl) { Headers = { { "x-amz-access-token", accessToken } } };
        using var profile = await _http.SendAsync(request);
        var json = JsonNode.Parse(await profile.Content.ReadAsStringAsync())!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(json["user_id"]!.GetValue<string>(), Is.EqualTo(DemoAccount.Pat.UserId));
            Assert.That(json["name"]!.GetValue<string>(), Is.EqualTo("Pat Example"));
            Assert.That(json["email"]!.GetValue<string>(), Is.EqualTo("pat@example.com"));
        });
    }

    [TestCase("wrong secret", HttpStatusCode.Unauthorized, "invalid_client")]
    [TestCase("wrong verifier", HttpStatusCode.BadRequest, "invalid_grant")]
    [TestCase("code used twice", HttpStatusCode.BadRequest, "invalid_grant")]
    [TestCase("code expired", HttpStatusCode.BadRequest, "invalid_grant")]
    public async Task Token_BadExchange_IsRefusedWithLwasError(string what, HttpStatusCode status, string error)
    {
        // Arrange
        const string verifier = "verifier-0123456789-0123456789-0123456789";
        var code = await CodeAsync(challenge: Challenge(verifier));
        if (what == "code used twice")
        {
            (await ExchangeAsync(code, Secret, verifier)).Dispose();
        }

        _time.Advance(what == "code expired" ? TimeSpan.FromMinutes(6) : TimeSpan.Zero);

        // Act
        using var response = await ExchangeAsync(code, what == "wrong secret" ? "not-the-secret" : Secret, what == "wrong verifier" ? verifier + "x" : verifier);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status));
            Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), Is.EqualTo(error));
        });
    }

    [Test]
    public async Task Authorize_ReturnUrlNotAllowed_ShowsAmazonsErrorPageInsteadOfRedirecting()
    {
        // Act
        using var response = await _http.GetAsync(new Uri(AuthorizeUrl("http://evil.example/amazon_auth")));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.Location, Is.Null);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("We're sorry!"));
        });
    }

    private string AuthorizeUrl(string returnUrl, string? challenge = null, string? account = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = returnUrl,
            ["response_type"] = "code",
            ["scope"] = "profile",
            ["state"] = "s",
        };
        if (challenge is not null)
        {
            parameters["code_challenge"] = challenge;
            parameters["code_challenge_method"] = "S256";
        }

        if (account is not null)
        {
            parameters["fake_account"] = account;
        }

        return QueryHelpers.AddQueryString(_amazon.AuthorizeUrl, parameters);
    }

    private async Task<string> CodeAsync(string challenge)
    {
        using var response = await _http.GetAsync(new Uri(AuthorizeUrl(ReturnUrl, challenge, DemoAccount.Pat.UserId)));
        var location = response.Headers.Location!.ToString();
        Assert.That(location, Does.StartWith(ReturnUrl + "?code="));
        return QueryHelpers.ParseQuery(new Uri(location).Query)["code"]!;
    }

    private Task<HttpResponseMessage> ExchangeAsync(string code, string secret, string verifier) =>
        _http.PostAsync(new Uri(_amazon.TokenUrl), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = ClientId,
            ["client_secret"] = secret,
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = ReturnUrl,
            ["code_verifier"] = verifier,
        }));

    // RFC 7636 §4.2: S256.
    private static string Challenge(string verifier) =>
        Base64UrlTextEncoder.Encode(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
}
