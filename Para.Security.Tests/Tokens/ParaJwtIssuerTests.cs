// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tokens;

namespace Para.Security.Tests.Tokens;

public sealed class ParaJwtIssuerTests
{
    private static readonly long NowMs = ParaTestHost.Now.ToUnixTimeMilliseconds();
    private static readonly long NowSec = ParaTestHost.Now.ToUnixTimeSeconds();
    private static readonly string[] SessionClaims = ["iat", "exp", "nbf", "refresh", "appid", "sub", "idp"];

    [Test]
    public async Task IssueSessionTokenAsync_Always_HeaderIsExactlyAlgHs256()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp");
        var user = await host.AddUserAsync("myapp", "az:1");

        // Act
        var token = await host.Get<ParaJwtIssuer>().IssueSessionTokenAsync(app, user);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(token!.AccessToken, Does.StartWith("eyJhbGciOiJIUzI1NiJ9."));
            Assert.That(TestJwt.HeaderJson(token.AccessToken), Is.EqualTo("""{"alg":"HS256"}"""));
        });
    }

    [Test]
    public async Task IssueSessionTokenAsync_User_ParaClaimsAndExactExpiry()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp");
        var user = await host.AddUserAsync("myapp", "az:amzn1.account.X");

        // Act
        var token = await host.Get<ParaJwtIssuer>().IssueSessionTokenAsync(app, user);

        // Assert
        var claims = TestJwt.Payload(token!.AccessToken);
        Assert.Multiple(() =>
        {
            Assert.That(claims.Select(c => c.Key), Is.EquivalentTo(SessionClaims));
            Assert.That((long)claims["iat"]!, Is.EqualTo(NowSec));
            Assert.That((long)claims["nbf"]!, Is.EqualTo(NowSec));
            Assert.That((long)claims["exp"]!, Is.EqualTo(NowSec + 86400));
            Assert.That((long)claims["refresh"]!, Is.EqualTo(NowMs + 3_600_000));
            Assert.That((string)claims["appid"]!, Is.EqualTo("app:myapp"));
            Assert.That((string)claims["sub"]!, Is.EqualTo(user.Id));
            Assert.That((string)claims["idp"]!, Is.EqualTo("amazon"));
            Assert.That(token.Expires, Is.EqualTo(NowMs + 86_400_000), "expires is exact milliseconds, not rounded");
            Assert.That(token.Refresh, Is.EqualTo(NowMs + 3_600_000));
        });
    }

    [Test]
    public async Task IssueSessionTokenAsync_User_SignedWithAppSecretPlusTokenSecret()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp");
        var user = await host.AddUserAsync("myapp", "az:1");

        // Act
        var token = (await host.Get<ParaJwtIssuer>().IssueSessionTokenAsync(app, user))!.AccessToken;

        // Assert
        var stored = await host.Users.FindByIdAsync("myapp", user.Id);
        var parts = token.Split('.');
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(app.Secret + stored!.TokenSecret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.That(parts[2], Is.EqualTo(Base64Url.EncodeToString(expected)));
    }

    // §5.3 examples.
    [TestCase(86400, 3_600_000L)]
    [TestCase(3600, 1_800_000L)]
    [TestCase(7199, 3_599_000L)]
    [TestCase(7200, 3_600_000L)]
    public async Task IssueSessionTokenAsync_Validity_RefreshPerSpecTable(long validity, long expectedOffsetMs)
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp", new JsonObject { ["session_timeout"] = validity });
        var user = await host.AddUserAsync("myapp", "az:1");

        // Act
        var token = await host.Get<ParaJwtIssuer>().IssueSessionTokenAsync(app, user);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(token!.Refresh, Is.EqualTo(NowMs + expectedOffsetMs));
            Assert.That((long)TestJwt.Payload(token.AccessToken)["refresh"]!, Is.EqualTo(NowMs + expectedOffsetMs));
            Assert.That(token.Expires, Is.EqualTo(NowMs + (validity * 1000)));
        });
    }

    [Test]
    public async Task IssueSessionTokenAsync_OneSessionPerUserDefault_InvalidatesEarlierToken()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp");
        var user = await host.AddUserAsync("myapp", "az:1");
        var issuer = host.Get<ParaJwtIssuer>();
        var validator = host.Get<ParaJwtValidator>();
        var first = (await issuer.IssueSessionTokenAsync(app, user))!.AccessToken;
        var afterFirst = await host.Users.FindByIdAsync("myapp", user.Id);
        var firstValidBefore = await validator.ValidateUserTokenAsync(first, app, afterFirst!);
        var firstSecret = afterFirst!.TokenSecret;

        // Act
        var second = (await issuer.IssueSessionTokenAsync(app, afterFirst!))!.AccessToken;

        // Assert
        var stored = await host.Users.FindByIdAsync("myapp", user.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(firstValidBefore, Is.True);
            Assert.That(stored!.TokenSecret, Is.Not.EqualTo(firstSecret));
            Assert.That(await validator.ValidateUserTokenAsync(first, app, stored), Is.False);
            Assert.That(await validator.ValidateUserTokenAsync(second, app, stored), Is.True);
        });
    }

    [Test]
    public async Task IssueSessionTokenAsync_OneSessionPerUserFalse_KeepsSecret()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp", new JsonObject { ["security.one_session_per_user"] = "false" });
        var user = await host.AddUserAsync("myapp", "az:1");
        var secret = user.TokenSecret;
        var issuer = host.Get<ParaJwtIssuer>();

        // Act
        var first = (await issuer.IssueSessionTokenAsync(app, user))!.AccessToken;
        var second = (await issuer.IssueSessionTokenAsync(app, user))!.AccessToken;

        // Assert
        var stored = await host.Users.FindByIdAsync("myapp", user.Id);
        var validator = host.Get<ParaJwtValidator>();
        Assert.Multiple(async () =>
        {
            Assert.That(stored!.TokenSecret, Is.EqualTo(secret));
            Assert.That(await validator.ValidateUserTokenAsync(first, app, stored), Is.True);
            Assert.That(await validator.ValidateUserTokenAsync(second, app, stored), Is.True);
        });
    }

    [Test]
    public async Task IssueSessionTokenAsync_RootConfigOneSessionFalse_KeepsSecret()
    {
        // Arrange: root apps fall back to para.security.one_session_per_user.
        using var host = ParaTestHost.Create(("para:security:one_session_per_user", "false"));
        var app = await host.AddAppAsync("app:para");
        var user = await host.AddUserAsync("para", "az:1");
        var secret = user.TokenSecret;

        // Act
        await host.Get<ParaJwtIssuer>().IssueSessionTokenAsync(app, user);

        // Assert
        Assert.That((await host.Users.FindByIdAsync("para", user.Id))!.TokenSecret, Is.EqualTo(secret));
    }

    [Test]
    public async Task IssueSuperToken_App_NoSubOrIdpAndAppSecretKey()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp");

        // Act
        var token = host.Get<ParaJwtIssuer>().IssueSuperToken(app);

        // Assert
        var claims = TestJwt.Payload(token!.AccessToken);
        Assert.Multiple(async () =>
        {
            Assert.That(token.AccessToken, Does.StartWith("eyJhbGciOiJIUzI1NiJ9."));
            Assert.That(claims.ContainsKey("sub"), Is.False);
            Assert.That(claims.ContainsKey("idp"), Is.False);
            Assert.That((string)claims["appid"]!, Is.EqualTo("app:myapp"));
            Assert.That(await host.Get<ParaJwtValidator>().ValidateSuperTokenAsync(token.AccessToken, app), Is.True);
        });
    }

    [Test]
    public async Task IssueSuperToken_AppSecretShorterThan32Bytes_GivesNull()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp", secret: new string('s', 31));

        // Act
        var token = host.Get<ParaJwtIssuer>().IssueSuperToken(app);

        // Assert
        Assert.That(token, Is.Null);
    }

    [Test]
    public async Task IssueIdToken_User_ClaimsAnd60SecondExpiry()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp", new JsonObject { ["session_timeout"] = 3600 });
        var user = await host.AddUserAsync("myapp", "az:1", "jane@example.com");
        user.Picture = "HTTPS://img.example.com/p.png";

        // Act
        var token = host.Get<ParaJwtIssuer>().IssueIdToken(app, user);

        // Assert
        var claims = TestJwt.Payload(token!);
        Assert.Multiple(() =>
        {
            Assert.That(token, Does.StartWith("eyJhbGciOiJIUzI1NiJ9."));
            Assert.That((long)claims["iat"]!, Is.EqualTo(NowSec));
            Assert.That((long)claims["nbf"]!, Is.EqualTo(NowSec));
            Assert.That((long)claims["exp"]!, Is.EqualTo(NowSec + 60));
            Assert.That((string)claims["appid"]!, Is.EqualTo("app:myapp"));
            Assert.That((string)claims["sub"]!, Is.EqualTo(user.Id));
            Assert.That((string)claims["name"]!, Is.EqualTo("Jane Doe"));
            Assert.That((string)claims["email"]!, Is.EqualTo("jane@example.com"));
            Assert.That((string)claims["identifier"]!, Is.EqualTo("az:1"));
            Assert.That((string)claims["picture"]!, Is.EqualTo("HTTPS://img.example.com/p.png"));
            Assert.That(claims.ContainsKey("refresh"), Is.False);
        });
    }

    [Test]
    public async Task IssueIdToken_ConfiguredLifetime_Honoured()
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:id_token_expires_after", "120"));
        var app = await host.AddAppAsync("app:myapp");
        var user = await host.AddUserAsync("myapp", "az:1");

        // Act
        var token = host.Get<ParaJwtIssuer>().IssueIdToken(app, user);

        // Assert
        Assert.That((long)TestJwt.Payload(token!)["exp"]!, Is.EqualTo(NowSec + 120));
    }

    [Test]
    public async Task IssueIdToken_NonHttpPicture_GravatarRetro()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp");
        var user = await host.AddUserAsync("myapp", "az:1", "Jane@Example.com");
        user.Picture = "data:image/png;base64,xyz";
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("Jane@Example.com")));

        // Act
        var token = host.Get<ParaJwtIssuer>().IssueIdToken(app, user);

        // Assert
        Assert.That((string)TestJwt.Payload(token!)["picture"]!, Is.EqualTo($"https://gravatar.com/avatar/{md5}?size=400&d=retro&r=pg"));
    }

    [Test]
    public async Task IssueIdToken_Always_DoesNotResetSecretAndEarlierSessionStaysValid()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp");
        var user = await host.AddUserAsync("myapp", "az:1");
        var issuer = host.Get<ParaJwtIssuer>();
        var session = (await issuer.IssueSessionTokenAsync(app, user))!.AccessToken;
        var secret = user.TokenSecret;

        // Act
        var idToken = issuer.IssueIdToken(app, user)!;

        // Assert
        var stored = await host.Users.FindByIdAsync("myapp", user.Id);
        var validator = host.Get<ParaJwtValidator>();
        Assert.Multiple(async () =>
        {
            Assert.That(stored!.TokenSecret, Is.EqualTo(secret));
            Assert.That(await validator.ValidateUserTokenAsync(session, app, stored), Is.True);
            Assert.That(await validator.ValidateUserTokenAsync(idToken, app, stored), Is.True);
        });
    }

    [Test]
    public async Task IssueIdToken_After61Seconds_Invalid()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp");
        var user = await host.AddUserAsync("myapp", "az:1");
        var idToken = host.Get<ParaJwtIssuer>().IssueIdToken(app, user)!;

        // Act
        host.Time.Advance(TimeSpan.FromSeconds(61));

        // Assert
        Assert.That(await host.Get<ParaJwtValidator>().ValidateUserTokenAsync(idToken, app, user), Is.False);
    }
}
