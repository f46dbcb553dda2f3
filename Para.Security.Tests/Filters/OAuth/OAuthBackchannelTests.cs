// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using Para.Security.Diagnostics;
using Para.Security.Filters.OAuth;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>The backchannel reads any JSON value and form-encoded answers, and maps bad bodies to the caller's code.</summary>
public sealed class OAuthBackchannelTests
{
    private WireMockServer _provider = null!;
    private TestBackchannel _client = null!;
    private OAuthBackchannel _backchannel = null!;

    [SetUp]
    public void SetUp()
    {
        _provider = WireMockServer.Start();
        _client = new TestBackchannel("p", TimeProvider.System);
        _backchannel = _client.Backchannel;
    }

    [TearDown]
    public void TearDown()
    {
        _client.Dispose();
        _provider.Stop();
        _provider.Dispose();
    }

    [Test]
    public async Task SendAsync_JsonArray_IsReturned()
    {
        // Arrange: GitHub's /user/emails.
        Serve("application/json", """[{"email":"a@example.com","primary":true}]""");

        // Act
        var result = await SendAsync(any: true);

        // Assert
        using var document = result.Value;
        Assert.That(document?.RootElement[0].GetProperty("email").GetString(), Is.EqualTo("a@example.com"));
    }

    [Test]
    public async Task GetObjectAsync_FormEncodedTokenAnswer_IsReadAsAnObjectOfStrings()
    {
        // Arrange: Facebook's and GitHub's form-encoded token answers.
        Serve("application/x-www-form-urlencoded; charset=utf-8", "access_token=at%7C1&token_type=bearer&expires=5183999");

        // Act
        var result = await SendAsync(any: false);

        // Assert
        using var document = result.Value;
        Assert.Multiple(() =>
        {
            Assert.That(document?.RootElement.GetProperty("access_token").GetString(), Is.EqualTo("at|1"));
            Assert.That(document?.RootElement.GetProperty("expires").GetString(), Is.EqualTo("5183999"));
        });
    }

    [TestCase("application/json", "[1,2]", "JSON that is not an object")]
    [TestCase("text/html", "<html>sorry</html>", "not JSON")]
    public async Task GetObjectAsync_NotAnObject_FailsWithTheCallersCode(string contentType, string body, string detail)
    {
        // Arrange
        Serve(contentType, body);

        // Act
        var result = await SendAsync(any: false);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.Null);
            Assert.That(result.ErrorCode, Is.EqualTo(ParaSecurityErrors.ProfileEndpointFailed));
            Assert.That(result.Detail, Does.Contain(detail));
        });
    }

    private async Task<OAuthStepResult<JsonDocument>> SendAsync(bool any)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _provider.Url + "/answer");
        return any
            ? await _backchannel.SendAsync("p", request, ParaSecurityErrors.ProfileEndpointFailed, "profile", CancellationToken.None)
            : await _backchannel.GetObjectAsync("p", request, ParaSecurityErrors.ProfileEndpointFailed, "profile", CancellationToken.None);
    }

    private void Serve(string contentType, string body) =>
        _provider.Given(Request.Create().WithPath("/answer").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", contentType).WithBody(body));
}
