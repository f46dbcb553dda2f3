// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Para.Security.Identity;
using Para.Security.Testing;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tokens;

namespace Para.Security.Tests.Filters.Amazon;

/// <summary>The whole <c>/amazon_auth</c> flow over HTTP against the fake Amazon (para-spec.md §3, §4).</summary>
public sealed class AmazonAuthFilterTests
{
    private static readonly FakeAmazonAccount Pat = FakeAmazonAccount.Default;
    private AmazonTestHost _host = null!;

    [SetUp]
    public async Task SetUp() => _host = await AmazonTestHost.StartAsync();

    [TearDown]
    public async Task TearDown()
    {
        try
        {
            _host.Amazon.AssertNoUnmatchedRequests();
        }
        finally
        {
            await _host.DisposeAsync();
        }
    }

    [Test]
    public async Task Callback_SignIn_LogsEachBackchannelCallOnceAtDebugWithItsStatus()
    {
        // Arrange
        using var logs = new CapturingLoggerProvider();
        await using var host = await AmazonTestHost.StartAsync(null, logs);

        // Act
        using var response = await host.CallbackAsync("state=para");

        // Assert: one entry per call, nothing of the secrets the calls carry (SecretsNeverLoggedTests checks them all).
        var calls = logs.Entries.Where(e => e.EventId.Name == "OAuthBackchannelCall").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(calls.Select(e => e.Get("Endpoint")), Is.EqualTo(new[] { "token", "profile" }));
            Assert.That(calls.Select(e => e.Level), Is.All.EqualTo(LogLevel.Debug));
            Assert.That(calls.Select(e => e.Get("StatusCode")), Is.All.EqualTo("200"));
            Assert.That(calls.Select(e => e.Get("Host")), Is.All.EqualTo(new Uri(host.Amazon.TokenUrl).Authority));
            Assert.That(calls.Select(e => e.Message), Is.All.Match(@"^amazon (token|profile) call to 127\.0\.0\.1:\d+ answered HTTP 200 in \d+\.\d ms\.$"));
        });
    }

    [Test]
    public async Task Callback_RootApp_SendsParasExactTokenAndProfileRequests()
    {
        // Act
        var response = await _host.CallbackAsync("state=para");

        // Assert
        var token = _host.Amazon.TokenRequests.Single();
        var profile = _host.Amazon.ProfileRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(token.Method, Is.EqualTo("POST"));
            Assert.That(token.GetHeader("Content-Type"), Does.StartWith("application/x-www-form-urlencoded"));
            Assert.That(token.GetHeader("Accept"), Is.EqualTo("application/json"));
            Assert.That(token.Form.Select(f => f.Key), Is.EqualTo(new[] { "code", "redirect_uri", "client_id", "client_secret", "grant_type" }));
            Assert.That(token.Body, Does.Contain("&redirect_uri=http%3A%2F%2Flocalhost%2Famazon_auth&client_id=amzn1.application-oa2-client.root&client_secret=root-client-secret&grant_type=authorization_code"));
            Assert.That(profile.Method, Is.EqualTo("GET"));
            Assert.That(profile.GetHeader("x-amz-access-token"), Does.StartWith("Atza|"));
            Assert.That(profile.GetHeader("Accept"), Is.EqualTo("application/json"));
            Assert.That(profile.GetHeader("Authorization"), Is.Null);
        });
    }

    [Test]
    public async Task Callback_NewUser_IsCreatedAsParaCreatesAmazonUsers()
    {
        // Act
        var response = await _host.CallbackAsync("state=para");
        var user = await _host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId);

        // Assert
        Assert.That(user, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"));
            Assert.That(user!.Active, Is.True);
            Assert.That(user.AppId, Is.EqualTo("para"));
            Assert.That(user.Email, Is.EqualTo(Pat.Email));
            Assert.That(user.Name, Is.EqualTo(Pat.Name));
            Assert.That(user.Groups, Is.EqualTo("users"));
            Assert.That(user.Picture, Is.EqualTo("https://www.gravatar.com/avatar/" + Md5(Pat.Email!) + "?d=mm&size=400"));
            Assert.That(user.IdpAccessToken, Does.StartWith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.").And.EndWith(".Ss"));
            Assert.That(user.TokenSecret, Has.Length.EqualTo(44));
        });
    }

    [Test]
    public async Task Callback_ProfileWithoutEmailOrName_UsesParasFallbacks()
    {
        // Arrange
        _host.Amazon.WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.MissingEmail, times: 1);

        // Act
        await _host.CallbackAsync("state=para");
        var user = await _host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(user!.Email, Does.Match(@"^\d+@amazon\.com$"));
            Assert.That(user.Picture, Is.EqualTo("https://www.gravatar.com/avatar/" + Md5(string.Empty) + "?d=mm&size=400"));
        });
    }

    [Test]
    public async Task Callback_ExistingUser_UpdatesNameAndEmailButNotPicture()
    {
        // Arrange
        await _host.CallbackAsync("state=para");
        var renamed = Pat with { Name = "Patricia Example", Email = "patricia@example.com" };

        // Act
        await _host.CallbackAsync("state=para", account: renamed);
        var user = await _host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(user!.Name, Is.EqualTo("Patricia Example"));
            Assert.That(user.Email, Is.EqualTo("patricia@example.com"));
            Assert.That(user.Picture, Is.EqualTo("https://www.gravatar.com/avatar/" + Md5(Pat.Email!) + "?d=mm&size=400"));
            // Writes: create (the new user's first session JWT needs no reset: nothing was signed with its secret);
            // on the second login the profile update and its token-secret reset, stored together in one write.
            Assert.That(user.Version, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Callback_UserWithSameEmail_IsLinkedNotDuplicated()
    {
        // Arrange: a user that signed up another way with Pat's email.
        var existing = await _host.Services.GetRequiredService<ParaUserService>().CreateUserAsync(new ParaUser
        {
            Id = string.Empty, AppId = "para", Identifier = "gp:12345", Email = Pat.Email, Name = "Pat", Active = true,
        });

        // Act
        await _host.CallbackAsync("state=para");
        var user = await _host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(user!.Id, Is.EqualTo(existing!.Id));
            Assert.That(user.Identifier, Is.EqualTo("az:" + Pat.UserId), "Para makes the identifier used last the main one");
        });
    }

    [Test]
    public async Task Callback_InactiveUser_FailsWithBadCredentials_AndStillStoresTheProfileChanges()
    {
        // Arrange
        await _host.CallbackAsync("state=para");
        var user = (await _host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId))!;
        user.Active = false;
        await _host.Users.UpdateAsync(user);

        // Act
        var response = await _host.CallbackAsync("state=para", account: Pat with { Name = "Pat Renamed" });
        var stored = (await _host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId))!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(stored.Name, Is.EqualTo("Pat Renamed"), "Para stores the profile update before the activity check");
            Assert.That(stored.TokenSecret, Is.EqualTo(user.TokenSecret), "no token was issued");
        });
    }

    [Test]
    public async Task Callback_ReturningUserWithoutTokenSecretReset_StoresTheProfileChangesOnTheirOwn()
    {
        // Arrange: with one_session_per_user off, issuing the session token writes nothing.
        await using var host = await AmazonTestHost.StartAsync(new() { ["para:security:one_session_per_user"] = "false" });
        await host.CallbackAsync("state=para");
        var before = (await host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId))!;

        // Act
        var response = await host.CallbackAsync("state=para", account: Pat with { Email = "pat.new@example.com" });
        var after = (await host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId))!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after.Email, Is.EqualTo("pat.new@example.com"));
            Assert.That(after.TokenSecret, Is.EqualTo(before.TokenSecret));
            Assert.That(after.Version, Is.EqualTo(before.Version + 1));
        });
    }

    [Test]
    public async Task Callback_JwtPlaceholder_RedirectsWithAValidSessionToken()
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync(new() { ["para:security:signin_success"] = "/welcome?jwt=?" });

        // Act
        var response = await host.CallbackAsync("state=para");
        var location = response.Headers.Location!.ToString();
        var jwt = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), location).Query)["jwt"].ToString();

        // Assert
        var app = (await host.Apps.FindAsync("app:para"))!;
        var user = (await host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId))!;
        var token = new JsonWebToken(jwt);
        Assert.Multiple(async () =>
        {
            Assert.That(location, Does.StartWith("/welcome?jwt=eyJhbGciOiJIUzI1NiJ9."));
            Assert.That(await host.Services.GetRequiredService<ParaJwtValidator>().ValidateUserTokenAsync(jwt, app, user), Is.True);
            Assert.That(token.GetClaim("sub").Value, Is.EqualTo(user.Id));
            Assert.That(token.GetClaim("idp").Value, Is.EqualTo("amazon"));
            Assert.That(token.GetClaim("appid").Value, Is.EqualTo("app:para"));
        });
    }

    [Test]
    public async Task Callback_ChildAppWithIdTokenSetting_Redirects60SecondIdToken()
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync();
        host.Amazon.AddClient("amzn1.application-oa2-client.child", "child-secret", AmazonTestHost.Callback);
        await host.CreateAppAsync("myapp", new JsonObject
        {
            ["az_app_id"] = "amzn1.application-oa2-client.child",
            ["az_secret"] = "child-secret",
            ["signin_success"] = "https://myapp.example/login?jwt=id",
        });

        // Act
        var response = await host.CallbackAsync("state=myapp", clientId: "amzn1.application-oa2-client.child");
        var location = response.Headers.Location!;
        var token = new JsonWebToken(QueryHelpers.ParseQuery(location.Query)["jwt"].ToString());

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo("https://myapp.example/login"));
            Assert.That(host.Amazon.TokenRequests.Single().GetFormValue("client_id"), Is.EqualTo("amzn1.application-oa2-client.child"));
            Assert.That(token.ValidTo - token.IssuedAt, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(token.GetClaim("appid").Value, Is.EqualTo("app:myapp"));
            Assert.That(token.GetClaim("email").Value, Is.EqualTo(Pat.Email));
        });
        var user = await host.Users.FindByIdentifierAsync("myapp", "az:" + Pat.UserId);
        Assert.That(user, Is.Not.Null, "the user belongs to the child app");
    }

    [Test]
    public async Task Callback_ChildAppWithOnlyOneKey_FailsWithoutCallingAmazon()
    {
        // Arrange: Para requires both az_app_id and az_secret on a child app; the root's config is not used.
        await _host.CreateAppAsync("half", new JsonObject { ["az_app_id"] = "amzn1.application-oa2-client.half", ["signin_failure"] = "/failed?cause=?" });

        // Act
        var response = await _host.CallbackAsync("state=half");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/failed?cause=Bad%20credentials."));
            Assert.That(_host.Amazon.TokenRequests, Is.Empty);
        });
    }

    [TestCase("", TestName = "Callback_NoCode_FailsWithBadCredentials")]
    [TestCase("error=access_denied&error_description=The+user+denied", TestName = "Callback_AccessDenied_FailsWithBadCredentials")]
    public async Task Callback_WithoutCode_FailsWithoutCallingAmazon(string query)
    {
        // Arrange
        await using var host = await AmazonTestHost.StartAsync(new() { ["para:security:signin_failure"] = "/signin?error&cause=?" });

        // Act
        var response = await host.Client.GetAsync(new Uri("/amazon_auth?state=para" + (query.Length > 0 ? "&" + query : string.Empty), UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error&cause=Bad%20credentials."));
            Assert.That(host.Amazon.Requests, Is.Empty);
        });
    }

    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.InvalidGrant)]
    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.InvalidClient)]
    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.ServerError)]
    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.ServiceUnavailable)]
    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.HtmlBody)]
    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.TruncatedJson)]
    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.ConnectionReset)]
    [TestCase(FakeAmazonEndpoint.Profile, FakeAmazonScenario.MissingUserId)]
    [TestCase(FakeAmazonEndpoint.Profile, FakeAmazonScenario.HtmlBody)]
    [TestCase(FakeAmazonEndpoint.Profile, FakeAmazonScenario.ConnectionReset)]
    public async Task Callback_ProviderFailure_EndsInFailureRedirectNever500(FakeAmazonEndpoint endpoint, FakeAmazonScenario scenario)
    {
        // Arrange: Para answers a non-JSON body or a network error with an HTTP 500 page; we go to signin_failure.
        _host.Amazon.WithScenario(endpoint, scenario);

        // Act
        var response = await _host.CallbackAsync("state=para");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(_host.Amazon.TokenRequests, Has.Count.EqualTo(1), "the code is exchanged once, never retried");
            Assert.That(await _host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId), Is.Null);
        });
    }

    [Test]
    public async Task Callback_UnknownApp_FailsAndFallsBackToConfigFailureUrl()
    {
        // Act
        var response = await _host.CallbackAsync("state=nosuchapp");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(_host.Amazon.TokenRequests, Is.Empty);
        });
    }

    [Test]
    public async Task Callback_HostUrlAlias_RebuildsRedirectUriAndRewritesTheSuccessHost()
    {
        // Arrange: the client sent Amazon a redirect_uri carrying host_url, so Para rebuilds it with host_url.
        const string redirect = AmazonTestHost.Callback + "?host_url=https://b.example.net";
        await using var host = await AmazonTestHost.StartAsync(null, redirect);
        await host.CreateAppAsync("aliased", new JsonObject
        {
            ["az_app_id"] = AmazonTestHost.RootClientId,
            ["az_secret"] = AmazonTestHost.RootClientSecret,
            ["signin_success"] = "https://app.example.com/auth?jwt=?",
            ["security.hosturl_aliases"] = "https://a.example.org, https://b.example.net",
        });

        // Act
        var response = await host.CallbackAsync("state=aliased&host_url=" + Uri.EscapeDataString("https://b.example.net"), redirectUri: redirect);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(host.Amazon.TokenRequests.Single().GetFormValue("redirect_uri"), Is.EqualTo(redirect));
            Assert.That(response.Headers.Location?.GetLeftPart(UriPartial.Path), Is.EqualTo("https://b.example.net/auth"));
            Assert.That(response.Headers.Location?.Query, Does.StartWith("?jwt=eyJ"));
        });
    }

    [Test]
    public async Task Callback_StateIndexSelectsAlias()
    {
        // Arrange: para-spec.md §4.3's example, with state=myapp|1.
        await _host.CreateAppAsync("myapp", new JsonObject
        {
            ["az_app_id"] = AmazonTestHost.RootClientId,
            ["az_secret"] = AmazonTestHost.RootClientSecret,
            ["signin_success"] = "https://app.example.com/auth?jwt=?",
            ["security.hosturl_aliases"] = "https://a.example.org, https://b.example.net",
        });

        // Act
        var response = await _host.CallbackAsync("state=" + Uri.EscapeDataString("myapp|1"));

        // Assert
        Assert.That(response.Headers.Location?.GetLeftPart(UriPartial.Path), Is.EqualTo("https://b.example.net/auth"));
    }

    [Test]
    public async Task Callback_BrowserLegThroughTheFakeAuthorizeEndpoint_SignsIn()
    {
        // Arrange: the browser goes to Amazon's authorize URL, as Para's docs have clients build it.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var authorize = await browser.GetAsync(new Uri(_host.Amazon.BuildAuthorizeUrl(AmazonTestHost.RootClientId, AmazonTestHost.Callback, state: "para")));
        var back = authorize.Headers.Location!;

        // Act
        var response = await _host.Client.GetAsync(new Uri(back.PathAndQuery, UriKind.Relative));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(back.GetLeftPart(UriPartial.Path), Is.EqualTo(AmazonTestHost.Callback));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"));
            Assert.That(await _host.Users.FindByIdentifierAsync("para", "az:" + Pat.UserId), Is.Not.Null);
        });
    }

    private static string Md5(string value) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(value)));
}
