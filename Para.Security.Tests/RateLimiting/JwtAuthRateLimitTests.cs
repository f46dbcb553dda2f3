// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Para.Security.Tests.Api;

namespace Para.Security.Tests.RateLimiting;

/// <summary>The per-app sign-in limit also covers <c>POST /jwt_auth</c>, whose app is in the body, and shares its count with query-named sign-ins.</summary>
public sealed class JwtAuthRateLimitTests
{
    [Test]
    public async Task JwtAuth_OverThePerAppLimit_Answers429WithRetryAfterWhileOtherAppsPass()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync(false, "--para.security.rate_limit.per_app_permit_limit=2");
        const string body = """{"appid":"app:myapp","provider":"passwordless","token":"not-a-token"}""";

        // Act
        var first = await host.PostJsonAsync("/jwt_auth", body);
        var second = await host.PostJsonAsync("/jwt_auth", body);
        var third = await host.PostJsonAsync("/jwt_auth", body);
        var otherApp = await host.PostJsonAsync("/jwt_auth", """{"appid":"app:otherapp","provider":"passwordless","token":"x"}""");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a failed sign-in still counts");
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(third.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(JsonNode.Parse(await third.Content.ReadAsStringAsync())!.ToJsonString(), Is.EqualTo("""{"code":429,"message":"Too many requests."}"""));
            Assert.That(otherApp.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests));
        });
    }

    [Test]
    public async Task JwtAuth_AfterQueryNamedSignInsOfTheSameApp_SharesTheirCount()
    {
        // Arrange: two callbacks name the app in the query, spending the window the body-named sign-in then meets.
        await using var host = await ApiTestHost.StartAsync(false, "--para.security.rate_limit.per_app_permit_limit=2");
        await host.Client.GetAsync(new Uri("/amazon_auth?state=myapp", UriKind.Relative));
        await host.Client.GetAsync(new Uri("/amazon_auth?appid=app:myapp", UriKind.Relative));

        // Act
        var response = await host.PostJsonAsync("/jwt_auth", """{"appid":"myapp","provider":"passwordless","token":"x"}""");

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }
}
