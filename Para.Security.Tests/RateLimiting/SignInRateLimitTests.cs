// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Para.Security.RateLimiting;
using Para.Security.Tests.Filters.Amazon;

namespace Para.Security.Tests.RateLimiting;

/// <summary>
/// The sign-in rate limits over HTTP (TestServer, each request from a chosen client address): per client IP, per app,
/// X-Forwarded-For only from trusted proxies, Para-style 429 with Retry-After, other paths untouched.
/// Addresses are from the documentation ranges (RFC 5737); no traffic leaves the process.
/// </summary>
public sealed class SignInRateLimitTests
{
    private const string Client = "198.51.100.7";
    private const string OtherClient = "198.51.100.8";
    private const string Proxy = "192.0.2.10";

    [Test]
    public async Task Callback_OverThePerIpLimit_Answers429WithRetryAfterBeforeAnyFilterRuns()
    {
        // Arrange
        await using var host = await StartAsync(permits: 3);

        // Act
        var statuses = new List<int>();
        HttpContext last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await SendAsync(host, "/amazon_auth?state=para", Client);
            statuses.Add(last.Response.StatusCode);
        }

        // Assert
        var body = JsonNode.Parse(last.Response.Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { 302, 302, 302, 429 }));
            Assert.That(last.Response.Headers.RetryAfter.ToString(), Does.Match(@"^[1-9]\d*$"));
            Assert.That(int.Parse(last.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture), Is.LessThanOrEqualTo(60));
            Assert.That(last.Response.ContentType, Does.StartWith("application/json"));
            Assert.That(body.ToJsonString(), Is.EqualTo("""{"code":429,"message":"Too many requests."}"""));
        });
    }

    [Test]
    public async Task Callback_LimitReachedByOneAddress_AnotherAddressIsUnaffected()
    {
        // Arrange
        await using var host = await StartAsync(permits: 2);
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(host, "/amazon_auth?state=para", Client);
        }

        // Act
        var limited = await SendAsync(host, "/amazon_auth?state=para", Client);
        var other = await SendAsync(host, "/amazon_auth?state=para", OtherClient);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(limited.Response.StatusCode, Is.EqualTo(429));
            Assert.That(other.Response.StatusCode, Is.EqualTo(302));
        });
    }

    [TestCase("/jwt_auth")]
    [TestCase("/amazon_auth/start")]
    [TestCase("/password_auth")]
    public async Task OtherSignInPaths_ShareTheLimit(string path)
    {
        // Arrange
        await using var host = await StartAsync(permits: 2);
        await SendAsync(host, "/amazon_auth?state=para", Client);
        await SendAsync(host, path, Client);

        // Act
        var third = await SendAsync(host, path, Client);

        // Assert
        Assert.That(third.Response.StatusCode, Is.EqualTo(429));
    }

    [TestCase("/v1/_me")]
    [TestCase("/amazon")]
    [TestCase("/_auth")]
    [TestCase("/signin")]
    public async Task OtherPaths_AreNotLimited(string path)
    {
        // Arrange
        await using var host = await StartAsync(permits: 1);

        // Act
        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await SendAsync(host, path, Client)).Response.StatusCode);
        }

        // Assert
        Assert.That(statuses, Has.None.EqualTo(429));
    }

    [Test]
    public async Task ForwardedFor_FromAnUntrustedAddress_IsIgnored()
    {
        // Arrange: a trusted proxy is configured, but the request comes from elsewhere with a forged header.
        await using var host = await StartAsync(permits: 2, trustedProxies: Proxy);

        // Act: every request claims another client; all of them are the same connection address.
        var statuses = new List<int>();
        for (var i = 1; i <= 3; i++)
        {
            statuses.Add((await SendAsync(host, "/amazon_auth?state=para", Client, forwardedFor: "203.0.113." + i)).Response.StatusCode);
        }

        // Assert
        Assert.That(statuses, Is.EqualTo(new[] { 302, 302, 429 }));
    }

    [Test]
    public async Task ForwardedFor_FromATrustedProxy_GivesTheClientAddress()
    {
        // Arrange
        await using var host = await StartAsync(permits: 2, trustedProxies: "192.0.2.0/24");

        // Act: through the proxy, three clients once each, then one client over its limit.
        var distinct = new List<int>();
        for (var i = 1; i <= 3; i++)
        {
            distinct.Add((await SendAsync(host, "/amazon_auth?state=para", Proxy, forwardedFor: "203.0.113." + i)).Response.StatusCode);
        }

        await SendAsync(host, "/amazon_auth?state=para", Proxy, forwardedFor: "203.0.113.1");
        var overLimit = await SendAsync(host, "/amazon_auth?state=para", Proxy, forwardedFor: "203.0.113.1");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(distinct, Is.EqualTo(new[] { 302, 302, 302 }));
            Assert.That(overLimit.Response.StatusCode, Is.EqualTo(429));
            Assert.That(overLimit.Connection.RemoteIpAddress, Is.EqualTo(IPAddress.Parse("203.0.113.1")));
        });
    }

    [Test]
    public async Task ForwardedFor_WithoutTrustedProxies_IsIgnored()
    {
        // Arrange: nobody is trusted by default, loopback included.
        await using var host = await StartAsync(permits: 1);

        // Act
        await SendAsync(host, "/amazon_auth?state=para", "127.0.0.1", forwardedFor: "203.0.113.1");
        var second = await SendAsync(host, "/amazon_auth?state=para", "127.0.0.1", forwardedFor: "203.0.113.2");

        // Assert
        Assert.That(second.Response.StatusCode, Is.EqualTo(429));
    }

    [Test]
    public async Task Callback_OverThePerAppLimit_IsRefusedFromEveryAddressWhileOtherAppsPass()
    {
        // Arrange
        await using var host = await StartAsync(permits: 100, perApp: 3);

        // Act: four clients sign in to one app (named by state, by state with |, or by appid), then a fifth to another app.
        var statuses = new List<int>();
        var queries = new[] { "state=myapp", "state=myapp|2", "appid=app:myapp", "state=myapp" };
        for (var i = 0; i < queries.Length; i++)
        {
            statuses.Add((await SendAsync(host, "/amazon_auth?" + queries[i], "203.0.113." + (i + 1))).Response.StatusCode);
        }

        var otherApp = await SendAsync(host, "/amazon_auth?state=otherapp", "203.0.113.9");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { 302, 302, 302, 429 }));
            Assert.That(otherApp.Response.StatusCode, Is.EqualTo(302));
        });
    }

    [Test]
    public async Task Disabled_NoLimitApplies()
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync(new()
        {
            ["para:security:rate_limit:enabled"] = "false",
            ["para:security:rate_limit:permit_limit"] = "1",
        });

        // Act
        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await SendAsync(host, "/amazon_auth?state=para", Client)).Response.StatusCode);
        }

        // Assert
        Assert.That(statuses, Is.EqualTo(new[] { 302, 302, 302 }));
    }

    [TestCase("not-an-address")]
    [TestCase("192.0.2.0/99")]
    public void TrustedProxies_Invalid_FailsStartupNamingTheKey(string entry)
    {
        // Act, Assert
        Assert.That(
            async () => await AmazonTestHost.StartAsync(new() { ["para:security:trusted_proxies"] = entry }),
            Throws.InvalidOperationException.With.Message.Contains("para.security.trusted_proxies").And.Message.Contains(entry));
    }

    [Test]
    public void Limits_NotPositive_FailStartup()
    {
        // Act, Assert
        Assert.That(
            async () => await AmazonTestHost.StartAsync(new() { ["para:security:rate_limit:permit_limit"] = "0" }),
            Throws.InvalidOperationException.With.Message.Contains("para.security.rate_limit"));
    }

    [TestCase("/amazon_auth", true)]
    [TestCase("/amazon_auth/start", true)]
    [TestCase("/jwt_auth", true)]
    [TestCase("/saml_auth/myapp", true)]
    [TestCase("/AMAZON_AUTH", true)]
    [TestCase("/_auth", false)]
    [TestCase("/auth", false)]
    [TestCase("/v1/amazon_auth", false)]
    [TestCase("/amazon_authx", false)]
    [TestCase("", false)]
    public void IsAuthPath_MatchesPathsWhoseFirstSegmentEndsInAuth(string path, bool expected) =>
        Assert.That(ParaRateLimiting.IsAuthPath(new PathString(path.Length == 0 ? null : path)), Is.EqualTo(expected));

    [TestCase("203.0.113.5", "203.0.113.5")]
    [TestCase("::ffff:203.0.113.5", "203.0.113.5")]
    [TestCase("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    public void ClientKey_GroupsIpv6ByItsSlash64(string address, string expected)
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);

        // Act, Assert
        Assert.That(ParaRateLimiting.ClientKey(context), Is.EqualTo(expected));
    }

    private static Task<AmazonTestHost> StartAsync(int permits, int perApp = 1000, string? trustedProxies = null) =>
        AmazonTestHost.StartAsync(new()
        {
            ["para:security:rate_limit:permit_limit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["para:security:rate_limit:per_app_permit_limit"] = perApp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["para:security:trusted_proxies"] = trustedProxies,
        });

    private static Task<HttpContext> SendAsync(AmazonTestHost host, string pathAndQuery, string remoteAddress, string? forwardedFor = null) =>
        host.Server.SendAsync(context =>
        {
            var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
            context.Request.Method = "GET";
            context.Request.Path = question < 0 ? pathAndQuery : pathAndQuery[..question];
            context.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(pathAndQuery[question..]);
            context.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
            if (forwardedFor is not null)
            {
                context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });
}
