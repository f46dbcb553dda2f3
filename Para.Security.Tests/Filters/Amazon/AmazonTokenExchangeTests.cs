// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Para.Security.Tests.Api;

namespace Para.Security.Tests.Filters.Amazon;

/// <summary><c>POST /jwt_auth</c> with provider <c>amazon</c>: the token-info audience check Para lacks.</summary>
public sealed class AmazonTokenExchangeTests
{
    [Test]
    public async Task SignIn_TokenMintedForTheAppsClient_Succeeds()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAmazonAppAsync("myapp");
        var token = host.Amazon.IssueAccessToken(ApiTestHost.AppClientId);

        // Act
        var user = await host.ClientFor("app:myapp", null).SignInAsync("amazon", token);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(user, Is.Not.Null);
            Assert.That(host.Amazon.TokenInfoRequests, Has.Count.EqualTo(1));
            Assert.That(host.Amazon.TokenInfoRequests[0].GetQueryValue("access_token"), Is.EqualTo(token));
            Assert.That(host.Amazon.ProfileRequests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task SignIn_TokenMintedForAnotherClient_IsRejectedBeforeTheProfileIsRead()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAmazonAppAsync("myapp");
        var token = host.Amazon.IssueAccessToken("amzn1.application-oa2-client.someone-else");

        // Act
        var response = await host.PostJsonAsync("/jwt_auth", $"{{\"appid\":\"app:myapp\",\"provider\":\"amazon\",\"token\":\"{token}\"}}");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await ApiTestHost.JsonAsync(response))["message"]!.GetValue<string>(), Is.EqualTo("Failed to authenticate user with 'amazon'. Check if user is active."));
            Assert.That(host.Amazon.ProfileRequests, Is.Empty);
        });
    }

    [Test]
    public async Task SignIn_AudienceCheckSwitchedOff_AcceptsAnotherClientsTokenAsParaDoes()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync(false, "--para.security.amazon.check_token_audience=false");
        await host.SetupAmazonAppAsync("myapp");
        var token = host.Amazon.IssueAccessToken("amzn1.application-oa2-client.someone-else");

        // Act
        var user = await host.ClientFor("app:myapp", null).SignInAsync("amazon", token);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(user, Is.Not.Null);
            Assert.That(host.Amazon.TokenInfoRequests, Is.Empty);
        });
    }

    [Test]
    public async Task SignIn_AppWithoutAzAppId_IsRejected()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAppAsync("bare");
        var token = host.Amazon.IssueAccessToken(ApiTestHost.AppClientId);

        // Act
        var user = await host.ClientFor("app:bare", null).SignInAsync("amazon", token);

        // Assert
        Assert.That(user, Is.Null);
    }
}
