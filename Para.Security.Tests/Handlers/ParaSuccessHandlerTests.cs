// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Para.Security.Handlers;
using Para.Security.Identity;
using Para.Security.Pipeline.Results;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tokens;

namespace Para.Security.Tests.Handlers;

public sealed class ParaSuccessHandlerTests
{
    private const string AuthUrl = "https://app.example.com/auth?jwt=?";
    private const string Aliases = "https://a.example.org, ftp://ignored.example, https://b.example.net, https://a.example.org";

    private ParaTestHost _host = null!;
    private ParaUser _user = null!;
    private ParaApp _myapp = null!;

    [TearDown]
    public void TearDown() => _host?.Dispose();

    private async Task ArrangeAsync(JsonObject? myappSettings = null, params (string, string?)[] config)
    {
        _host = ParaTestHost.Create(config);
        await _host.AddAppAsync("app:para");
        _myapp = await _host.AddAppAsync("app:myapp", myappSettings);
        _user = await _host.AddUserAsync("myapp", "az:1", "jane@example.com");
    }

    private async Task<(AuthResult Result, HttpResponse Response)> HandleAsync(HttpContext context)
    {
        var handlers = await SignInHandlerSettings.FromRequestAsync(context.Request, CancellationToken.None);
        var issuer = _host.Get<ParaJwtIssuer>();
        var result = await _host.Get<ParaSuccessHandler>().HandleAsync(context, handlers, _user, (app, ct) => issuer.IssueSessionTokenAsync(app, _user, ct));
        return (result, await HttpContexts.ExecuteAsync(result, context));
    }

    private async Task<bool> IsValidSessionAsync(string token) =>
        await _host.Get<ParaJwtValidator>().ValidateUserTokenAsync(token, _myapp, (await _host.Users.FindByIdAsync("myapp", _user.Id))!);

    private static string TokenAfter(string location, string prefix)
    {
        Assert.That(location, Does.StartWith(prefix));
        return location[prefix.Length..];
    }

    private static SetCookieHeaderValue? Cookie(HttpResponse response, string name) =>
        HttpContexts.SetCookies(response).SingleOrDefault(c => c.Name == name);

    // §4.4 row 1: app found, URL setting present (always for root).
    [Test]
    public async Task HandleAsync_RootAppWithoutSetting_RedirectsToConfigSigninSuccess()
    {
        // Arrange
        await ArrangeAsync(null, ("para:security:signin_success", "/home"));

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=para"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(302));
            Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/home"));
        });
    }

    [Test]
    public async Task HandleAsync_RootAppDefaults_RedirectsToSlash()
    {
        // Arrange
        await ArrangeAsync();

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?appid=app:para"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/"));
    }

    [Test]
    public async Task HandleAsync_ChildWithSettingOnRestRequest_StillRedirectsWithoutCookie()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com/done" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/v1/whatever?appid=myapp"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(302));
            Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://app.example.com/done"));
            Assert.That(response.Headers.SetCookie, Is.Empty);
        });
    }

    // §4.4 row 2: app missing or child without the setting; REST or AJAX gives 204.
    [TestCase("/v1/x?appid=myapp", null, null)]
    [TestCase("/V2.1/x?appid=myapp", null, null)]
    [TestCase("/amazon_auth?appid=myapp", "X-Requested-With", "xmlhttprequest")]
    [TestCase("/amazon_auth?appid=myapp&X-Requested-With=XMLHttpRequest", null, null)]
    [TestCase("/amazon_auth?appid=myapp", "Accept", "application/json, text/plain")]
    [TestCase("/amazon_auth?appid=myapp", "Accept", "text/javascript")]
    [TestCase("/amazon_auth?appid=nope", "Accept", "application/javascript")]
    public async Task HandleAsync_NoTargetRestOrAjax_204(string url, string? header, string? value)
    {
        // Arrange
        await ArrangeAsync();
        var context = HttpContexts.Request(url);
        if (header is not null)
        {
            context.Request.Headers[header] = value;
        }

        // Act
        var (result, response) = await HandleAsync(context);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(result, Is.TypeOf<StatusCodeResult>());
            Assert.That(response.StatusCode, Is.EqualTo(204));
            Assert.That(await HttpContexts.ReadBodyAsync(response), Is.Empty);
        });
    }

    // §4.4 row 3: app missing or child without the setting; browser.
    [Test]
    public async Task HandleAsync_NoTargetBrowserWithReturntoCookie_RedirectsToDecodedCookieAndDeletesIt()
    {
        // Arrange
        await ArrangeAsync();
        var context = HttpContexts.Request("/amazon_auth?appid=nope&returnto=/ignored");
        context.Request.Headers.Cookie = "para-returnto=" + Convert.ToBase64String(Encoding.UTF8.GetBytes("/page?x=1"));

        // Act
        var (_, response) = await HandleAsync(context);

        // Assert
        var deleted = Cookie(response, "para-returnto");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(302));
            Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/page?x=1"));
            Assert.That(deleted, Is.Not.Null);
            Assert.That(deleted!.Value.ToString(), Is.Empty);
            Assert.That(deleted.Path.ToString(), Is.EqualTo("/"));
            Assert.That(deleted.Expires, Is.LessThan(ParaTestHost.Now));
            Assert.That(Cookie(response, "para-auth"), Is.Null, "no app, nothing to sign a cookie with");
        });
    }

    [TestCase("https://evil.example/steal", TestName = "HandleAsync_ReturntoCookieToAnotherOrigin_IsIgnored")]
    [TestCase("//evil.example/steal", TestName = "HandleAsync_ReturntoCookieProtocolRelative_IsIgnored")]
    [TestCase("/\\evil.example/steal", TestName = "HandleAsync_ReturntoCookieBackslashTrick_IsIgnored")]
    public async Task HandleAsync_UnsafeReturnto_FallsBackToSigninSuccessAndStillDeletesTheCookie(string target)
    {
        // Arrange: Para redirects to any returnto value (an open redirect); only paths and our own origins are followed.
        await ArrangeAsync();
        var context = HttpContexts.Request("/amazon_auth?appid=nope");
        context.Request.Headers.Cookie = "para-returnto=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(target));

        // Act
        var (_, response) = await HandleAsync(context);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/"));
            Assert.That(Cookie(response, "para-returnto"), Is.Not.Null);
        });
    }

    [Test]
    public async Task HandleAsync_NoTargetBrowserWithReturntoParameter_RedirectsThere()
    {
        // Arrange
        await ArrangeAsync();

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?appid=nope&returnto=/after"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/after"));
    }

    [Test]
    public async Task HandleAsync_NoTargetBrowserCustomReturntoName_UsesConfiguredParameter()
    {
        // Arrange
        await ArrangeAsync(null, ("para:security:returnto", "next"));

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?appid=nope&returnto=/no&next=/yes"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/yes"));
    }

    [Test]
    public async Task HandleAsync_NoTargetBrowserNothingElse_RedirectsToContextAndConfigSigninSuccess()
    {
        // Arrange
        await ArrangeAsync(null, ("para:security:signin_success", "/welcome"), ("para:context_path", "/ctx"));

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?appid=nope"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/ctx/welcome"));
    }

    [Test]
    public async Task HandleAsync_ChildWithoutSettingBrowser_FallbackAndAuthCookie()
    {
        // Arrange
        await ArrangeAsync();

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?appid=myapp"));

        // Assert
        var cookie = Cookie(response, "para-auth");
        Assert.Multiple(async () =>
        {
            Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/"));
            Assert.That(cookie, Is.Not.Null);
            Assert.That(await IsValidSessionAsync(cookie!.Value.ToString()), Is.True);
        });
    }

    [Test]
    public async Task HandleAsync_SessionPlaceholder_FilledWithValidJwtThatEqualsCookie()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = AuthUrl + "&again=jwt=?" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?code=C&state=myapp"));

        // Assert
        var location = response.Headers.Location.ToString();
        var token = TokenAfter(location, "https://app.example.com/auth?jwt=").Split('&')[0];
        Assert.Multiple(async () =>
        {
            Assert.That(location, Is.EqualTo($"https://app.example.com/auth?jwt={token}&again=jwt={token}"));
            Assert.That(TestJwt.HeaderJson(token), Is.EqualTo("""{"alg":"HS256"}"""));
            Assert.That(await IsValidSessionAsync(token), Is.True);
            Assert.That(Cookie(response, "para-auth")?.Value.ToString(), Is.EqualTo(token), "one session JWT per login");
        });
    }

    [Test]
    public async Task HandleAsync_IdTokenPlaceholder_FilledWithValidIdToken()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com/login?jwt=id" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp"));

        // Assert
        var idToken = TokenAfter(response.Headers.Location.ToString(), "https://app.example.com/login?jwt=");
        var claims = TestJwt.Payload(idToken);
        Assert.Multiple(async () =>
        {
            Assert.That((long)claims["exp"]!, Is.EqualTo(ParaTestHost.Now.ToUnixTimeSeconds() + 60));
            Assert.That((string)claims["email"]!, Is.EqualTo("jane@example.com"));
            Assert.That(await IsValidSessionAsync(idToken), Is.True, "signed after the cookie's session JWT reset the secret");
            Assert.That(await IsValidSessionAsync(Cookie(response, "para-auth")!.Value.ToString()), Is.True);
        });
    }

    [Test]
    public async Task HandleAsync_BothPlaceholders_BothValid()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com/a?jwt=?&b=1&jwt=id" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp"));

        // Assert
        var query = response.Headers.Location.ToString().Split('?')[1].Split('&');
        Assert.Multiple(async () =>
        {
            Assert.That(query[1], Is.EqualTo("b=1"));
            Assert.That(await IsValidSessionAsync(query[0]["jwt=".Length..]), Is.True);
            Assert.That(await IsValidSessionAsync(query[2]["jwt=".Length..]), Is.True);
        });
    }

    [Test]
    public async Task HandleAsync_HostUrlExactAlias_ReplacesOnlyHost()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com:8443/auth?x=1", ["security.hosturl_aliases"] = Aliases });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp&host_url=https://a.example.org"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://a.example.org:8443/auth?x=1"));
    }

    // §4.3 example.
    [Test]
    public async Task HandleAsync_StateAliasIndex_RedirectsToThatAliasWithJwt()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = AuthUrl, ["security.hosturl_aliases"] = "https://a.example.org, https://b.example.net" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?code=C&state=myapp|1"));

        // Assert
        var token = Cookie(response, "para-auth")!.Value.ToString();
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://b.example.net/auth?jwt=" + token));
    }

    [Test]
    public async Task HandleAsync_StateAliasIndexAfterDedupe_CountsKeptAliasesOnly()
    {
        // Arrange: the ftp entry is dropped and the duplicate removed, so index 1 is b.example.net.
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com/x", ["security.hosturl_aliases"] = Aliases });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp|1"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://b.example.net/x"));
    }

    [TestCase("myapp|2")]
    [TestCase("myapp|99999999999")]
    [TestCase("myapp|x")]
    [TestCase("myapp|")]
    public async Task HandleAsync_StateAliasIndexUnusable_NoRewrite(string state)
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com/x", ["security.hosturl_aliases"] = "https://a.example.org, https://b.example.net" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=" + Uri.EscapeDataString(state)));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://app.example.com/x"));
    }

    [Test]
    public async Task HandleAsync_HostUrlStringPrefixOfAnotherHost_IsNoLongerAnOpenRedirect()
    {
        // Arrange: Para's prefix test (spec §8.1) let https://app.example.co take over https://app.example.com, tokens included.
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com/auth?jwt=?" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp&host_url=https://app.example.co"));

        // Assert: treated like any unlisted host_url: the app's own origin, without the token.
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://app.example.com"));
    }

    [Test]
    public async Task HandleAsync_HostUrlWithTheTargetsOwnOrigin_KeepsTheTarget()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com/auth?y=2" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp&host_url=https://app.example.com/"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://app.example.com/auth?y=2"));
    }

    [Test]
    public async Task HandleAsync_HostUrlNotMatching_SchemeAndHostOnly()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com:8443/auth?jwt=?", ["security.hosturl_aliases"] = "https://a.example.org" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp&host_url=https://evil.example"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://app.example.com"));
    }

    [Test]
    public async Task HandleAsync_AppIdParameter_BeatsStateAndIsTrimmed()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://myapp.example.com/" });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?appid=%20myapp%20&state=para"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("https://myapp.example.com/"));
    }

    [Test]
    public async Task HandleAsync_NoAppIdOrState_UsesUsersApp()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "/myapp-home" }, ("para:context_path", "/ctx/"));

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?code=C"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("/ctx/myapp-home"));
    }

    [Test]
    public async Task HandleAsync_AbsoluteTargetWithContextPath_Unprefixed()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "HTTPS://app.example.com/x" }, ("para:context_path", "/ctx"));

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("HTTPS://app.example.com/x"));
    }

    [Test]
    public async Task HandleAsync_BrowserOverHttp_AuthCookieAttributes()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "/", ["session_timeout"] = 3600 });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp"));

        // Assert
        var cookie = Cookie(response, "para-auth");
        Assert.Multiple(() =>
        {
            Assert.That(cookie, Is.Not.Null);
            Assert.That(cookie!.HttpOnly, Is.True);
            Assert.That(cookie.SameSite, Is.EqualTo(Microsoft.Net.Http.Headers.SameSiteMode.Lax));
            Assert.That(cookie.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(3600)));
            Assert.That(cookie.Path.ToString(), Is.EqualTo("/"));
            Assert.That(cookie.Secure, Is.False);
        });
    }

    [Test]
    public async Task HandleAsync_BrowserOverHttpsWithContextPath_SecureCookieScopedToContext()
    {
        // Arrange
        await ArrangeAsync(null, ("para:context_path", "/ctx"), ("para:auth_cookie", "my-auth"));

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp", scheme: "https"));

        // Assert
        var cookie = Cookie(response, "my-auth");
        Assert.Multiple(() =>
        {
            Assert.That(cookie!.Secure, Is.True);
            Assert.That(cookie.Path.ToString(), Is.EqualTo("/ctx"));
            Assert.That(cookie.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(86400)));
        });
    }

    [TestCase(null, false)]
    [TestCase("true", true)]
    public async Task HandleAsync_ForwardedProtoHttps_SecureOnlyWhenTrusted(string? trust, bool expectSecure)
    {
        // Arrange
        await ArrangeAsync(null, ("para:security:trust_forwarded_proto", trust));
        var context = HttpContexts.Request("/amazon_auth?state=myapp");
        context.Request.Headers["X-Forwarded-Proto"] = "https";

        // Act
        var (_, response) = await HandleAsync(context);

        // Assert
        Assert.That(Cookie(response, "para-auth")!.Secure, Is.EqualTo(expectSecure));
    }

    [Test]
    public async Task HandleAsync_AjaxWithoutPlaceholder_NoTokenIssuedAndNoCookie()
    {
        // Arrange
        await ArrangeAsync(new JsonObject { ["signin_success"] = "https://app.example.com/" });
        var context = HttpContexts.Request("/amazon_auth?state=myapp");
        context.Request.Headers.XRequestedWith = "XMLHttpRequest";
        var secret = _user.TokenSecret;

        // Act
        var (_, response) = await HandleAsync(context);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(302));
            Assert.That(response.Headers.SetCookie, Is.Empty);
            Assert.That((await _host.Users.FindByIdAsync("myapp", _user.Id))!.TokenSecret, Is.EqualTo(secret));
        });
    }

    [Test]
    public async Task HandleAsync_NonStringSetting_UsesItsText()
    {
        // Arrange: Para fails with a 500 here; the port logs a warning and uses String.valueOf.
        await ArrangeAsync(new JsonObject { ["signin_success"] = 42 });

        // Act
        var (_, response) = await HandleAsync(HttpContexts.Request("/amazon_auth?state=myapp"));

        // Assert
        Assert.That(response.Headers.Location.ToString(), Is.EqualTo("42"));
    }
}
