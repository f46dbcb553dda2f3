// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Para.Security.Authentication;
using Para.Security.Diagnostics;
using Para.Security.Handlers;
using Para.Security.Identity;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tokens;

namespace Para.Security.Tests.Authentication;

/// <summary>
/// The one external sign-in unit of work: Para's find / link / create / update rules, one store write per sign-in
/// (counted by the in-memory store's version: a creation stores version 1, each update adds 1), the handler settings
/// it is given, and one log line per sign-in.
/// </summary>
public sealed class ExternalSignInTests
{
    private const string Subject = "amzn1.account.PAT";
    private const string Identifier = "az:" + Subject;

    private ParaTestHost _host = null!;
    private ParaApp _app = null!;

    [TearDown]
    public void TearDown() => _host?.Dispose();

    private async Task ArrangeAsync(JsonObject? settings = null, params (string, string?)[] config)
    {
        _host = ParaTestHost.Create(config);
        await _host.AddAppAsync("app:para");
        _app = await _host.AddAppAsync("app:myapp", settings);
    }

    // What an OAuth 2 provider hands over: Para's social-login rules, with Amazon's placeholder email domain.
    private static ExternalIdentity Pat(string? email = "pat@example.com", string? name = "Pat Example", string identifier = Identifier) => new()
    {
        Provider = "amazon",
        Identifier = identifier,
        Subject = Subject,
        Email = email,
        Name = name,
        EmailFallbackDomain = "amazon.com",
        Tokens = new ExternalTokens("Atza|first"),
    };

    private async Task<ParaUser> ExistingAsync(string identifier = Identifier, bool active = true)
    {
        var user = await _host.AddUserAsync("myapp", identifier, "pat@example.com");
        user.Name = "Pat Example";
        user.Active = active;
        user.IdpAccessToken = IdpAccessToken.Encode("Atza|first");
        await _host.Users.UpdateAsync(user);
        return (await _host.Users.FindByIdAsync("myapp", user.Id))!;
    }

    private Task<ParaUser?> StoredAsync(string identifier = Identifier) => _host.Users.FindByIdentifierAsync("myapp", identifier).AsTask();

    private Task<bool> IsValidAsync(string token, ParaUser stored) => _host.Get<ParaJwtValidator>().ValidateUserTokenAsync(token, _app, stored);

    private async Task<(ExternalSignInResult Result, Microsoft.AspNetCore.Http.HttpResponse Response)> SignInAsync(ExternalIdentity identity, string url = "/amazon_auth?appid=myapp", SignInHandlerSettings? handlers = null)
    {
        var context = HttpContexts.Request(url);
        handlers ??= await SignInHandlerSettings.FromRequestAsync(context.Request, CancellationToken.None);
        var signIn = _host.Get<ExternalSignIn>();
        var result = await signIn.SignInAsync(context, handlers, _app, identity, signIn.GetTimestamp());
        return (result, await HttpContexts.ExecuteAsync(result.Answer!, context));
    }

    private async Task<ExternalSignInResult> ExchangeAsync(ExternalIdentity identity)
    {
        var signIn = _host.Get<ExternalSignIn>();
        return await signIn.ExchangeAsync(_app, identity, signIn.GetTimestamp(), CancellationToken.None);
    }

    [Test]
    public async Task ExchangeAsync_NewUser_CreatedWithParasDefaultsInOneWriteAndItsFreshSecretKept()
    {
        // Arrange
        await ArrangeAsync();

        // Act
        var result = await ExchangeAsync(Pat(email: null, name: null));
        var stored = (await StoredAsync())!;

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.UserCreated, Is.True);
            Assert.That(result.StoreWrites, Is.EqualTo(1));
            Assert.That(stored.Version, Is.EqualTo(1), "the creation only: a fresh secret that signed nothing is not reset again");
            Assert.That(stored.Email, Does.Match(@"^\d+@amazon\.com$"));
            Assert.That(stored.Name, Is.EqualTo("No Name"));
            Assert.That(stored.Groups, Is.EqualTo(ParaGroups.Users));
            Assert.That(stored.IdpAccessToken, Is.EqualTo(IdpAccessToken.Encode("Atza|first")));
            Assert.That(await IsValidAsync(result.SessionToken!.AccessToken, stored), Is.True);
        });
    }

    [Test]
    public async Task ExchangeAsync_ReturningUserWithChanges_StoresThemWithTheSecretResetInOneWrite()
    {
        // Arrange
        await ArrangeAsync();
        var before = await ExistingAsync();

        // Act
        var result = await ExchangeAsync(Pat(email: "pat.new@example.com", name: "Patricia") with { Tokens = new ExternalTokens("Atza|second") });
        var stored = (await StoredAsync())!;

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(result.UserCreated, Is.False);
            Assert.That(result.StoreWrites, Is.EqualTo(1));
            Assert.That(stored.Version, Is.EqualTo(before.Version + 1));
            Assert.That(stored.Email, Is.EqualTo("pat.new@example.com"));
            Assert.That(stored.Name, Is.EqualTo("Patricia"));
            Assert.That(stored.IdpAccessToken, Is.EqualTo(IdpAccessToken.Encode("Atza|second")));
            Assert.That(stored.TokenSecret, Is.Not.EqualTo(before.TokenSecret), "one_session_per_user: earlier tokens die");
            Assert.That(await IsValidAsync(result.SessionToken!.AccessToken, stored), Is.True);
        });
    }

    [Test]
    public async Task ExchangeAsync_ReturningUserUnchangedWithOneSessionPerUserOff_WritesNothing()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["security.one_session_per_user"] = "false" });
        var before = await ExistingAsync();

        // Act
        var result = await ExchangeAsync(Pat());
        var stored = (await StoredAsync())!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.StoreWrites, Is.EqualTo(0));
            Assert.That(stored.Version, Is.EqualTo(before.Version));
            Assert.That(stored.TokenSecret, Is.EqualTo(before.TokenSecret));
        });
    }

    [Test]
    public async Task ExchangeAsync_UnknownIdentifierWithAKnownEmail_LinksAndSwitchesTheMainIdentifierInTheOneWrite()
    {
        // Arrange: the user signed up with another provider, with the same email.
        await ArrangeAsync();
        var before = await ExistingAsync(identifier: "gp:12345");

        // Act
        var result = await ExchangeAsync(Pat());
        var linked = await StoredAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.User!.Id, Is.EqualTo(before.Id));
            Assert.That(linked?.Id, Is.EqualTo(before.Id));
            Assert.That(linked!.Identifier, Is.EqualTo(Identifier), "Para makes the identifier used last the main one");
            Assert.That(linked.Version, Is.EqualTo(before.Version + 1), "the switch and the secret reset, stored together");
        });
    }

    [Test]
    public async Task ExchangeAsync_LinkByEmailSwitchedOff_CreatesASeparateUser()
    {
        // Arrange
        await ArrangeAsync(config: ("para:security:link_accounts_by_email", "false"));
        var other = await ExistingAsync(identifier: "gp:12345");

        // Act
        var result = await ExchangeAsync(Pat());

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.UserCreated, Is.True);
            Assert.That(result.User!.Id, Is.Not.EqualTo(other.Id));
        });
    }

    [Test]
    public async Task SignInAsync_InactiveUser_StoresTheProfileChangesAndAnswersBadCredentials()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_failure"] = "https://app.example.com/login?cause=?" });
        var before = await ExistingAsync(active: false);

        // Act
        var (result, response) = await SignInAsync(Pat(name: "Pat Renamed"));
        var stored = (await StoredAsync())!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorCode, Is.EqualTo(ParaSecurityErrors.UserInactive));
            Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://app.example.com/login?cause=Bad%20credentials."));
            Assert.That(stored.Name, Is.EqualTo("Pat Renamed"), "Para stores the profile update before the activity check");
            Assert.That(stored.Version, Is.EqualTo(before.Version + 1));
            Assert.That(stored.TokenSecret, Is.EqualTo(before.TokenSecret), "no token was issued");
        });
    }

    [Test]
    public async Task SignInAsync_CreationRefused_AnswersCannotCreateUserAndWritesNothing()
    {
        // Arrange: the random password of a social login must pass para.min_password_length, as in Para.
        await ArrangeAsync(new JsonObject { ["signin_failure"] = "https://app.example.com/login?cause=?" }, ("para:min_password_length", "1000"));

        // Act
        var (result, response) = await SignInAsync(Pat());

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(result.ErrorCode, Is.EqualTo(ParaSecurityErrors.UserCreationFailed));
            Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://app.example.com/login?cause=Authentication%20failed%3A%20cannot%20create%20new%20user."));
            Assert.That(await StoredAsync(), Is.Null);
        });
    }

    [Test]
    public async Task SignInAsync_NewUserInABrowser_OneWriteAndTheCookieTokenVerifies()
    {
        // Arrange
        await ArrangeAsync();

        // Act
        var (result, response) = await SignInAsync(Pat());
        var stored = (await StoredAsync())!;
        var cookie = HttpContexts.SetCookies(response).Single(c => c.Name == "para-auth");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(result.UserCreated, Is.True);
            Assert.That(stored.Version, Is.EqualTo(1));
            Assert.That(cookie.Value.ToString(), Is.EqualTo(result.SessionToken!.AccessToken));
            Assert.That(await IsValidAsync(cookie.Value.ToString(), stored), Is.True);
        });
    }

    [Test]
    public async Task SignInAsync_ReturningUserWithChanges_OneWriteHoldingBothTheProfileAndTheNewSecret()
    {
        // Arrange
        await ArrangeAsync();
        var before = await ExistingAsync();

        // Act
        var (result, _) = await SignInAsync(Pat(name: "Patricia"));
        var stored = (await StoredAsync())!;

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(stored.Version, Is.EqualTo(before.Version + 1));
            Assert.That(stored.Name, Is.EqualTo("Patricia"));
            Assert.That(await IsValidAsync(result.SessionToken!.AccessToken, stored), Is.True);
        });
    }

    [Test]
    public async Task SignInAsync_RestClientWithoutATarget_ChangesStoredEvenThoughNoTokenIsIssued()
    {
        // Arrange: a REST/AJAX answer without a jwt=? target issues no session token, so nothing is reset.
        await ArrangeAsync();
        var before = await ExistingAsync();
        var handlers = new SignInHandlerSettings { AppId = "myapp", IsRestOrAjax = true };

        // Act
        var (result, response) = await SignInAsync(Pat(name: "Patricia"), "/amazon_auth", handlers);
        var stored = (await StoredAsync())!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(204));
            Assert.That(result.SessionToken, Is.Null);
            Assert.That(stored.Name, Is.EqualTo("Patricia"));
            Assert.That(stored.TokenSecret, Is.EqualTo(before.TokenSecret));
            Assert.That(stored.Version, Is.EqualTo(before.Version + 1));
        });
    }

    [Test]
    public async Task SignInAsync_HandlerSettings_AreWhatTheAnswerFollowsNotTheRequest()
    {
        // Arrange: the request names no app and no host; the settings (e.g. from a sealed state) say both.
        await ArrangeAsync(new JsonObject
        {
            ["signin_success"] = "https://app.example.com/auth?jwt=?",
            ["security.hosturl_aliases"] = "https://a.example.org,https://b.example.net",
        });
        var handlers = new SignInHandlerSettings { AppId = "app:myapp", HostUrl = "https://b.example.net", IsRestOrAjax = true };

        // Act
        var (_, response) = await SignInAsync(Pat(), "/amazon_auth?appid=para&host_url=https://a.example.org", handlers);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location.ToString(), Does.StartWith("https://b.example.net/auth?jwt=eyJ"));
            Assert.That(HttpContexts.SetCookies(response), Is.Empty, "REST/AJAX: no auth cookie");
        });
    }

    [Test]
    public async Task FailAsync_RestClient_Answers401WithParasMessage()
    {
        // Arrange
        await ArrangeAsync();
        var context = HttpContexts.Request("/amazon_auth");
        var signIn = _host.Get<ExternalSignIn>();

        // Act
        var result = await signIn.FailAsync(context, new SignInHandlerSettings { IsRestOrAjax = true }, "amazon", ParaSecurityErrors.ProviderDenied, "the provider answered error=access_denied", signIn.GetTimestamp());
        var response = await HttpContexts.ExecuteAsync(result.Answer!, context);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(401));
            Assert.That(await HttpContexts.ReadBodyAsync(response), Does.Contain("Bad credentials."));
            Assert.That(result.ErrorCode, Is.EqualTo(ParaSecurityErrors.ProviderDenied));
        });
    }

    [TestCase(ExternalPictureRule.Never, "https://pictures.example/new.png", "https://pictures.example/jane.png")]
    [TestCase(ExternalPictureRule.WhenGiven, "https://pictures.example/new.png", "https://pictures.example/new.png")]
    [TestCase(ExternalPictureRule.WhenGiven, null, "https://pictures.example/jane.png")]
    [TestCase(ExternalPictureRule.Always, null, null)]
    public async Task ExchangeAsync_ReturningUsersPicture_FollowsTheProvidersRule(ExternalPictureRule rule, string? picture, string? expected)
    {
        // Arrange
        await ArrangeAsync();
        var user = await ExistingAsync();
        user.Picture = "https://pictures.example/jane.png";
        await _host.Users.UpdateAsync(user);

        // Act
        await ExchangeAsync(Pat() with { Picture = picture, ReturningUserPicture = rule });

        // Assert
        Assert.That((await StoredAsync())!.Picture, Is.EqualTo(expected));
    }

    [Test]
    public async Task ExchangeAsync_NewUserPicture_WinsOverTheProfilePicture()
    {
        // Arrange
        await ArrangeAsync();

        // Act
        await ExchangeAsync(Pat() with { Picture = "https://pictures.example/profile.png", NewUserPicture = "https://gravatar.example/pat" });

        // Assert
        Assert.That((await StoredAsync())!.Picture, Is.EqualTo("https://gravatar.example/pat"));
    }

    [Test]
    public async Task SignInAsync_Success_WritesExactlyOneInformationLineWithOutcomeProviderAppAndDuration()
    {
        // Arrange
        await ArrangeAsync();
        var signIn = _host.Get<ExternalSignIn>();
        var started = signIn.GetTimestamp();
        _host.Time.Advance(TimeSpan.FromMilliseconds(250));
        var context = HttpContexts.Request("/amazon_auth?appid=myapp");
        var handlers = await SignInHandlerSettings.FromRequestAsync(context.Request, CancellationToken.None);

        // Act
        await signIn.SignInAsync(context, handlers, _app, Pat(), started);

        // Assert
        var information = _host.Logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        Assert.That(information, Has.Count.EqualTo(1));
        var line = information[0];
        Assert.Multiple(() =>
        {
            Assert.That(line.EventId.Name, Is.EqualTo("SignInSucceeded"));
            Assert.That(line.Get("Provider"), Is.EqualTo("amazon"));
            Assert.That(line.Get("AppId"), Is.EqualTo("app:myapp"));
            Assert.That(line.Get("ElapsedMilliseconds"), Is.EqualTo("250"));
            Assert.That(line.FullText(), Does.Not.Contain("Atza").And.Not.Contain(Subject));
        });
    }

    [Test]
    public async Task SignInAsync_Failure_WritesExactlyOneWarningLineWithTheErrorCode()
    {
        // Arrange
        await ArrangeAsync();
        await ExistingAsync(active: false);

        // Act
        await SignInAsync(Pat());

        // Assert
        var lines = _host.Logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(lines[0].Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(lines[0].EventId.Name, Is.EqualTo("SignInFailed"));
            Assert.That(lines[0].Get("ErrorCode"), Is.EqualTo(ParaSecurityErrors.UserInactive));
        });
    }
}
