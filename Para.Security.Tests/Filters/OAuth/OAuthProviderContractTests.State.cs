// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Para.Security.Diagnostics;

namespace Para.Security.Tests.Filters.OAuth;

/// <content>The server-started flow: sealed state, PKCE S256 and the correlation cookie.</content>
public abstract partial class OAuthProviderContractTests
{
    [Test]
    public async Task Callback_ServerStartedFlow_SignsInWithTheVerifierAndSpendsTheCookie()
    {
        // Arrange
        var (query, cookie) = await BrowserLegAsync();

        // Act
        var response = await CallbackAsync(query, cookie);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"));
            Assert.That(TokenRequestValues("code_verifier").Single(), Has.Length.EqualTo(43), "RFC 7636: the verifier goes to the token endpoint");
            Assert.That(TokenRequestValues("redirect_uri").Single(), Is.EqualTo(Callback));
            Assert.That(response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(cookie.Split('=')[0] + "=", StringComparison.Ordinal)), Does.Contain("expires=Thu, 01 Jan 1970"));
        });
    }

    [Test]
    public async Task Callback_SealedStateTampered_FailsBeforeTheExchange()
    {
        // Arrange
        var (query, cookie) = await BrowserLegAsync();
        var parameters = QueryHelpers.ParseQuery(query);
        var state = parameters["state"].ToString();
        var tampered = state[..^2] + (state[^2] == 'A' ? 'B' : 'A') + state[^1];

        // Act
        var response = await CallbackAsync("code=" + Uri.EscapeDataString(parameters["code"].ToString()) + "&state=" + tampered, cookie);

        // Assert
        AssertFailed(response, ParaSecurityErrors.StateInvalid);
        Assert.That(TokenRequestValues("code"), Is.Empty);
    }

    [Test]
    public async Task Callback_SealedStateExpired_FailsBeforeTheExchange()
    {
        // Arrange: a host whose clock moves past the state's lifetime (10 minutes) between start and callback.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = await StartHostAsync(time);
        var (query, cookie) = await BrowserLegAsync(host);
        time.Advance(TimeSpan.FromMinutes(11));

        // Act
        var response = await CallbackAsync(query, cookie, host);

        // Assert
        AssertFailed(response, ParaSecurityErrors.StateExpired);
        Assert.That(TokenRequestValues("code"), Is.Empty);
    }

    [Test]
    public async Task Callback_SealedStateReplayed_FailsTheSecondTime()
    {
        // Arrange: the same state and cookie again, with a fresh code.
        var (query, cookie) = await BrowserLegAsync();
        await CallbackAsync(query, cookie);
        var state = QueryHelpers.ParseQuery(query)["state"].ToString();
        Logs.Clear();

        // Act
        var second = await CallbackAsync("code=" + Uri.EscapeDataString(IssueCode(RootClientId, Callback)) + "&state=" + state, cookie);

        // Assert
        AssertFailed(second, ParaSecurityErrors.StateReplayed);
        Assert.That(TokenRequestValues("code"), Has.Count.EqualTo(1), "the replay never reaches the provider");
    }

    [Test]
    public async Task Callback_CorrelationCookieMissing_FailsBeforeTheExchange()
    {
        // Arrange: the callback arrives in a browser that did not start the sign-in (login CSRF).
        var (query, _) = await BrowserLegAsync();

        // Act
        var response = await CallbackAsync(query);

        // Assert
        AssertFailed(response, ParaSecurityErrors.CorrelationMissing);
        Assert.That(TokenRequestValues("code"), Is.Empty);
    }
}
