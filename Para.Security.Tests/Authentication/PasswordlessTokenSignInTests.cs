// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Authentication;
using Para.Security.Diagnostics;
using Para.Security.Tests.Api;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Authentication;

/// <summary>Provider <c>passwordless</c> (para-spec.md §7.12): ID tokens from a real <c>jwt=id</c> login, external SSO tokens, single use.</summary>
public sealed class PasswordlessTokenSignInTests
{
    private const string SsoKey = "sso-signing-key-0123456789-0123456789";

    [TestCase("true")]
    [TestCase("false")]
    public async Task SignIn_IdTokenFromAmazonLogin_WorksOnceOnly(string oneSessionPerUser)
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAmazonAppAsync("myapp", oneSessionPerUser);
        var idToken = await host.IdTokenFromAmazonAsync("myapp");

        // Act
        var first = await host.ClientFor("app:myapp", null).SignInAsync("passwordless", idToken);
        var second = await host.PostJsonAsync("/jwt_auth", $"{{\"appid\":\"app:myapp\",\"provider\":\"passwordless\",\"token\":\"{idToken}\"}}");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.Not.Null);
            Assert.That(first!["identifier"]!.GetValue<string>(), Does.StartWith("az:"));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await ApiTestHost.JsonAsync(second))["message"]!.GetValue<string>(), Is.EqualTo("Failed to authenticate user with 'passwordless'. Check if user is active."));
        });
    }

    [Test]
    public async Task ReadIdentityAsync_ReplayWithOneSessionPerUserOff_FailsWithTokenReplayed()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAmazonAppAsync("myapp", "false");
        var idToken = await host.IdTokenFromAmazonAsync("myapp");
        var provider = host.Services.GetRequiredService<PasswordlessTokenSignIn>();
        var app = (await host.Apps.FindAsync("app:myapp"))!;

        // Act
        var first = await provider.ReadIdentityAsync(app, idToken, CancellationToken.None);
        var second = await provider.ReadIdentityAsync(app, idToken, CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(first.Succeeded, Is.True);
            Assert.That(second.ErrorCode, Is.EqualTo(ParaSecurityErrors.TokenReplayed));
        });
    }

    [Test]
    public async Task ReadIdentityAsync_ConcurrentExchangesOfOneToken_ExactlyOneWins()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAppAsync("sso", new JsonObject { ["app_secret_key"] = SsoKey });
        var token = ExternalToken(new JsonObject { ["identifier"] = "custom:race", ["email"] = "race@example.com" });
        var provider = host.Services.GetRequiredService<PasswordlessTokenSignIn>();
        var app = (await host.Apps.FindAsync("app:sso"))!;

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => provider.ReadIdentityAsync(app, token, CancellationToken.None))));

        // Assert
        Assert.That(results.Count(r => r.Succeeded), Is.EqualTo(1));
    }

    [Test]
    public async Task SignIn_ExternalTokenSignedWithAppSecretKey_CreatesAnActiveUserFromTheClaims()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAppAsync("sso", new JsonObject { ["app_secret_key"] = SsoKey });
        var token = ExternalToken(new JsonObject
        {
            ["identifier"] = "ext:42",
            ["email"] = "ext@example.com",
            ["name"] = "Ext User",
            ["groups"] = "admins",
            ["picture"] = "https://pics.example/42.png",
        });

        // Act
        var user = await host.ClientFor("app:sso", null).SignInAsync("passwordless", token);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(user!["identifier"]!.GetValue<string>(), Is.EqualTo("ext:42"));
            Assert.That(user["active"]!.GetValue<bool>(), Is.True);
            Assert.That(user["groups"]!.GetValue<string>(), Is.EqualTo("admins"));
            Assert.That(user["name"]!.GetValue<string>(), Is.EqualTo("Ext User"));
            Assert.That(user["picture"]!.GetValue<string>(), Is.EqualTo("https://pics.example/42.png"));
        });
    }

    [Test]
    public async Task SignIn_ExistingUser_UpdatesPictureEmailNameAndGroups()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAppAsync("sso", new JsonObject { ["app_secret_key"] = SsoKey });
        var (existing, _) = await host.AddUserWithTokenAsync("app:sso", "ext:7");
        var before = (await host.Users.FindByIdAsync("sso", existing.Id))!;

        // Act
        var user = await host.ClientFor("app:sso", null).SignInAsync("passwordless", ExternalToken(new JsonObject
        {
            ["identifier"] = "ext:7",
            ["email"] = "new@example.com",
            ["name"] = " ",
            ["groups"] = "mods",
        }));
        var stored = await host.Users.FindByIdAsync("sso", existing.Id);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(user!["id"]!.GetValue<string>(), Is.EqualTo(existing.Id));
            Assert.That(stored!.Email, Is.EqualTo("new@example.com"));
            Assert.That(stored.Name, Is.EqualTo("Test User"), "a blank name is not applied");
            Assert.That(stored.Groups, Is.EqualTo("mods"));
            Assert.That(stored.Picture, Is.Null, "the picture follows the claim even when it is absent");
            Assert.That(stored.Version, Is.EqualTo(before.Version + 1), "the claims' changes and the token-secret reset, in one write");
        });
    }

    [Test]
    public async Task SignIn_TokenSignedWithAnotherKey_FailsAndWritesNothing()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAppAsync("sso", new JsonObject { ["app_secret_key"] = SsoKey });
        var (victim, _) = await host.AddUserWithTokenAsync("app:sso", "custom:victim");
        var forged = TestJwt.Create("HS256", Claims(new JsonObject { ["identifier"] = "oa2:attacker", ["email"] = victim.Email }), Encoding.UTF8.GetBytes("attacker-key-0123456789-0123456789-01"));

        // Act
        var user = await host.ClientFor("app:sso", null).SignInAsync("passwordless", forged);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(user, Is.Null);
            Assert.That(await host.Users.FindByIdentifierAsync("sso", "oa2:attacker"), Is.Null, "no email linking before verification");
        });
    }

    [Test]
    public async Task SignIn_ExpiredToken_Fails()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAppAsync("sso", new JsonObject { ["app_secret_key"] = SsoKey });
        var claims = Claims(new JsonObject { ["identifier"] = "ext:old" });
        claims["exp"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();

        // Act
        var user = await host.ClientFor("app:sso", null).SignInAsync("passwordless", TestJwt.Create("HS256", claims, Encoding.UTF8.GetBytes(SsoKey)));

        // Assert
        Assert.That(user, Is.Null);
    }

    private static string ExternalToken(JsonObject claims) => TestJwt.Create("HS256", Claims(claims), Encoding.UTF8.GetBytes(SsoKey));

    private static JsonObject Claims(JsonObject claims)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        claims["iat"] = now;
        claims["exp"] = now + 60;
        return claims;
    }
}
