// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Para.Security.Testing;

namespace Para.Security.Tests.Filters.Amazon;

/// <summary>Server-initiated sign-in: sealed single-browser state, PKCE S256, strict mode (issue: flow integrity).</summary>
public sealed class AmazonSealedStateTests
{
    [Test]
    public async Task Start_RootApp_RedirectsToAmazonWithSealedStatePkceAndCorrelationCookie()
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync();

        // Act
        var response = await host.Client.GetAsync(new Uri("/amazon_auth/start", UriKind.Relative));
        var location = response.Headers.Location!;
        var query = QueryHelpers.ParseQuery(location.Query);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo(host.Amazon.AuthorizeUrl));
            Assert.That(query["response_type"].ToString(), Is.EqualTo("code"));
            Assert.That(query["client_id"].ToString(), Is.EqualTo(AmazonTestHost.RootClientId));
            Assert.That(query["scope"].ToString(), Is.EqualTo("profile"));
            Assert.That(query["redirect_uri"].ToString(), Is.EqualTo(AmazonTestHost.Callback));
            Assert.That(query["state"].ToString(), Does.StartWith("ps1.").And.Match("^[A-Za-z0-9._-]+$").And.Length.LessThan(600));
            Assert.That(query["state"].ToString(), Does.Not.Contain("app:para"), "the app id travels sealed, not readable");
            Assert.That(query["code_challenge"].ToString(), Has.Length.EqualTo(43));
            Assert.That(query["code_challenge_method"].ToString(), Is.EqualTo("S256"));
            Assert.That(cookie, Does.StartWith(".para.correlation.amazon.").And.Contain("path=/amazon_auth").And.Contain("httponly").And.Contain("samesite=lax"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        });
    }

    [Test]
    public async Task Callback_SealedFlowThroughAmazon_SignsInWithPkceVerifierAndSpendsTheCookie()
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync();
        var (callback, cookie) = await BrowserLegAsync(host, "/amazon_auth/start");

        // Act
        var response = await SendWithCookieAsync(host, callback, cookie);

        // Assert
        var token = host.Amazon.TokenRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"), "the fake checks the S256 challenge against the verifier");
            Assert.That(token.GetFormValue("code_verifier"), Has.Length.EqualTo(43));
            Assert.That(token.GetFormValue("redirect_uri"), Is.EqualTo(AmazonTestHost.Callback));
            Assert.That(response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(cookie.Split('=')[0] + "=", StringComparison.Ordinal)), Does.Contain("expires=Thu, 01 Jan 1970"));
        });
    }

    [Test]
    public async Task Callback_SealedStateWithoutCorrelationCookie_FailsForThatApp()
    {
        // Arrange: the callback arrives in a browser that did not start the flow (login CSRF).
        await using var host = await AmazonTestHost.StartAsync();
        await host.CreateAppAsync("shop", new JsonObject
        {
            ["az_app_id"] = AmazonTestHost.RootClientId,
            ["az_secret"] = AmazonTestHost.RootClientSecret,
            ["signin_failure"] = "https://shop.example/failed?cause=?",
        });
        var (callback, _) = await BrowserLegAsync(host, "/amazon_auth/start?appid=shop");

        // Act
        var response = await host.Client.GetAsync(new Uri(callback.PathAndQuery, UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.AbsoluteUri, Is.EqualTo("https://shop.example/failed?cause=Bad%20credentials."));
            Assert.That(host.Amazon.TokenRequests, Is.Empty, "the code is not spent on an unbound callback");
        });
    }

    [Test]
    public async Task Callback_SealedStateReplayedWithItsCookie_IsRejectedTheSecondTime()
    {
        // Arrange: an attacker (or a double submit) sends the same callback again, cookie included, with a fresh code.
        await using var host = await AmazonTestHost.StartAsync();
        var (callback, cookie) = await BrowserLegAsync(host, "/amazon_auth/start");
        var first = await SendWithCookieAsync(host, callback, cookie);
        var state = QueryHelpers.ParseQuery(callback.Query)["state"].ToString();
        var code = host.Amazon.IssueCode(AmazonTestHost.RootClientId, AmazonTestHost.Callback);

        // Act
        var second = await SendWithCookieAsync(host, new Uri("http://localhost/amazon_auth?code=" + Uri.EscapeDataString(code) + "&state=" + state), cookie);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(first.Headers.Location?.ToString(), Is.EqualTo("/"));
            Assert.That(second.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(host.Amazon.TokenRequests, Has.Count.EqualTo(1), "the replay never reaches Amazon");
        });
    }

    [Test]
    public async Task Callback_TamperedSealedState_Fails()
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync();
        var (callback, cookie) = await BrowserLegAsync(host, "/amazon_auth/start");
        var query = QueryHelpers.ParseQuery(callback.Query);
        var state = query["state"].ToString();
        var tampered = state[..^2] + (state[^2] == 'A' ? 'B' : 'A') + state[^1];

        // Act
        var response = await SendWithCookieAsync(host, new Uri("http://localhost/amazon_auth?code=" + Uri.EscapeDataString(query["code"].ToString()) + "&state=" + tampered), cookie);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(host.Amazon.TokenRequests, Is.Empty);
        });
    }

    [Test]
    public async Task Callback_SealedStateOlderThanItsLifetime_Fails()
    {
        // Arrange: the state's expiry is in whole seconds, so two seconds on are past it whatever the sub-second start.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await AmazonTestHost.StartAsync(new() { ["para:security:oauth:state_lifetime"] = "00:00:01" }, time);
        var (callback, cookie) = await BrowserLegAsync(host, "/amazon_auth/start");
        time.Advance(TimeSpan.FromSeconds(2));

        // Act
        var response = await SendWithCookieAsync(host, callback, cookie);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(host.Amazon.TokenRequests, Is.Empty);
        });
    }

    [Test]
    public async Task Callback_PlainStateInStrictMode_IsRejectedButSealedStateWorks()
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync(new() { ["para:security:oauth:strict_state"] = "true" });

        // Act
        var plain = await host.CallbackAsync("state=para");
        var (callback, cookie) = await BrowserLegAsync(host, "/amazon_auth/start");
        var sealedResponse = await SendWithCookieAsync(host, callback, cookie);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(plain.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(sealedResponse.Headers.Location?.ToString(), Is.EqualTo("/"));
            Assert.That(host.Amazon.TokenRequests, Has.Count.EqualTo(1), "the plain callback's code was never exchanged");
        });
    }

    [Test]
    public async Task Callback_PlainStateForAppWithStrictSetting_IsRejectedWhileOtherAppsStayCompatible()
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync();
        await host.CreateAppAsync("strict", new JsonObject
        {
            ["az_app_id"] = AmazonTestHost.RootClientId,
            ["az_secret"] = AmazonTestHost.RootClientSecret,
            ["security.oauth.strict_state"] = "true",
            ["signin_success"] = "https://strict.example/ok",
            ["signin_failure"] = "https://strict.example/failed",
        });

        // Act
        var strict = await host.CallbackAsync("state=strict");
        var compat = await host.CallbackAsync("state=para");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(strict.Headers.Location?.ToString(), Is.EqualTo("https://strict.example/failed"));
            Assert.That(compat.Headers.Location?.ToString(), Is.EqualTo("/"));
        });
    }

    [Test]
    public async Task Callback_SealedStateCarriesAppAndHostUrl_HandlersUseThem()
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync();
        await host.CreateAppAsync("shop", new JsonObject
        {
            ["az_app_id"] = AmazonTestHost.RootClientId,
            ["az_secret"] = AmazonTestHost.RootClientSecret,
            ["signin_success"] = "https://shop.example/in?jwt=?",
            ["security.hosturl_aliases"] = "https://eu.shop.example",
        });
        var (callback, cookie) = await BrowserLegAsync(host, "/amazon_auth/start?appid=shop&host_url=" + Uri.EscapeDataString("https://eu.shop.example"));

        // Act
        var response = await SendWithCookieAsync(host, callback, cookie);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.Headers.Location?.GetLeftPart(UriPartial.Path), Is.EqualTo("https://eu.shop.example/in"));
            Assert.That(await host.Users.FindByIdentifierAsync("shop", "az:" + FakeAmazonAccount.Default.UserId), Is.Not.Null);
        });
    }

    private static async Task<(Uri Callback, string Cookie)> BrowserLegAsync(AmazonTestHost host, string startPath)
    {
        var start = await host.Client.GetAsync(new Uri(startPath, UriKind.Relative));
        var cookie = start.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var authorize = await browser.GetAsync(start.Headers.Location!);
        return (authorize.Headers.Location!, cookie);
    }

    private static async Task<HttpResponseMessage> SendWithCookieAsync(AmazonTestHost host, Uri callback, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        request.Headers.Add("Cookie", cookie);
        return await host.Client.SendAsync(request);
    }
}
