// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Para.Security.Identity;
using Para.Security.Storage;

namespace Para.Security.Tests.Server.LoginPages;

/// <summary>The login, signed-in and sign-out pages over HTTP (TestServer, base http://localhost), without a browser.</summary>
public sealed partial class LoginPageEndpointsTests
{
    private const string ClientId = "amzn1.application-oa2-client.test";
    private const string ClientSecret = "never-shown-secret";
    private static readonly string[] Credentials = ["--para.az_app_id=" + ClientId, "--para.az_secret=" + ClientSecret];

    [Test]
    public async Task Login_RootAppWithCredentials_ButtonStartsAServerSideSignIn()
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);

        // Act
        var response = await host.Client.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var authorize = await FollowButtonAsync(host, html);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/html; charset=utf-8"));
            Assert.That(ButtonHref(html), Is.EqualTo("/amazon_auth/start?appid=para"));
            Assert.That(html, Does.Not.Contain(ClientSecret));
            Assert.That(authorize.GetLeftPart(UriPartial.Path), Is.EqualTo("https://www.amazon.com/ap/oa"));
            Assert.That(Query(authorize), Is.EqualTo(new[]
            {
                "response_type=code", "client_id=" + ClientId, "scope=profile", "state=ps1.", "redirect_uri=http://localhost/amazon_auth",
                "code_challenge=", "code_challenge_method=S256",
            }));
        });
    }

    [Test]
    public async Task Login_ChildAppWithRegionAndScope_StartUsesTheAppsSettings()
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);
        await CreateAppAsync(host, "Shop", new JsonObject
        {
            ["az_app_id"] = "amzn1.application-oa2-client.shop",
            ["az_secret"] = "shop-secret",
            ["security.amazon.region"] = "eu",
            ["security.amazon.scope"] = "profile postal_code",
        });

        // Act
        var html = await host.Client.GetStringAsync(new Uri("/?appid=shop", UriKind.Relative));
        var authorize = await FollowButtonAsync(host, html);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(ButtonHref(html), Is.EqualTo("/amazon_auth/start?appid=shop"));
            Assert.That(authorize.GetLeftPart(UriPartial.Path), Is.EqualTo("https://eu.account.amazon.com/ap/oa"));
            Assert.That(authorize.Query, Does.Contain("client_id=amzn1.application-oa2-client.shop&scope=profile%20postal_code&"));
        });
    }

    [Test]
    public async Task Login_ForwardedProto_StartsWithAnHttpsRedirectUri()
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);
        var html = await host.Client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ButtonHref(html)!, UriKind.Relative));
        request.Headers.Add("X-Forwarded-Proto", "https");

        // Act
        var response = await host.Client.SendAsync(request);

        // Assert
        Assert.That(response.Headers.Location!.Query, Does.Contain("&redirect_uri=https%3A%2F%2Flocalhost%2Famazon_auth&"));
    }

    private static async Task<Uri> FollowButtonAsync(ServerAppHost host, string html)
    {
        var start = await host.Client.GetAsync(new Uri(ButtonHref(html)!, UriKind.Relative));
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return start.Headers.Location!;
    }

    // The query's parameters in order, values decoded; the random state and challenge are cut to their fixed prefix.
    private static string[] Query(Uri uri) => [.. uri.Query.TrimStart('?').Split('&').Select(pair =>
    {
        var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], Uri.UnescapeDataString(pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        return name switch
        {
            "state" => "state=" + value[..4],
            "code_challenge" => "code_challenge=",
            _ => name + "=" + value,
        };
    })];

    [Test]
    public async Task Login_RootAppWithoutCredentials_NamesTheKeysInsteadOfAButton()
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync();

        // Act
        var html = await host.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Login with Amazon is not set up for this app."));
            Assert.That(html, Does.Contain("<code>para.az_app_id</code>").And.Contain("<code>para.az_secret</code>"));
            Assert.That(html, Does.Contain("para.security.demo = true"));
            Assert.That(html, Does.Not.Contain("login-with-amazon"));
        });
    }

    [Test]
    public async Task Login_ChildAppWithOnlyTheClientId_NamesBothAppSettings()
    {
        // Arrange: Para needs both keys in a child app's settings; one alone counts as none.
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);
        await CreateAppAsync(host, "half", new JsonObject { ["az_app_id"] = "amzn1.application-oa2-client.half" });

        // Act
        var html = await host.Client.GetStringAsync(new Uri("/?appid=half", UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Login with Amazon is not set up for this app."));
            Assert.That(html, Does.Contain("<code>az_app_id</code>").And.Contain("<code>az_secret</code>"));
            Assert.That(html, Does.Not.Contain("login-with-amazon"));
        });
    }

    [Test]
    public async Task Login_UnknownApp_SaysSoAndEncodesTheName()
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);

        // Act
        var html = await host.Client.GetStringAsync(new Uri("/?appid=" + Uri.EscapeDataString("nope"), UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("There is no app <code>app:nope</code>"));
            Assert.That(html, Does.Not.Contain("login-with-amazon"));
        });
    }

    [Test]
    public async Task Signin_CauseWithMarkup_IsShownEscapedWithTryAgain()
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);

        // Act
        var html = await host.Client.GetStringAsync(new Uri("/signin?error&cause=" + Uri.EscapeDataString("<script>alert('x')</script> & more"), UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Sign-in did not complete."));
            Assert.That(html, Does.Contain("Reason: &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more"));
            Assert.That(html, Does.Not.Contain("<script"));
            Assert.That(html, Does.Contain(">Try again</a>"));
            Assert.That(ButtonHref(html), Is.EqualTo("/amazon_auth/start?appid=para"), "the button stays, to try again at once");
        });
    }

    [Test]
    public async Task Signin_ErrorWithoutCause_ShowsTheGenericFailure()
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);

        // Act
        var html = await host.Client.GetStringAsync(new Uri("/signin?error", UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Sign-in did not complete."));
            Assert.That(html, Does.Not.Contain("Reason:"));
        });
    }

    [TestCase("/")]
    [TestCase("/signin?error&cause=x")]
    [TestCase("/signed-in")]
    public async Task Pages_AnyAnswer_CarryTheSecurityHeaders(string path)
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);

        // Act
        var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(Header(response, "Content-Security-Policy"), Does.StartWith("default-src 'none'; style-src 'sha256-")
                .And.Contain("form-action 'self'").And.Contain("frame-ancestors 'none'").And.Contain("base-uri 'none'")
                .And.Not.Contain("unsafe-inline").And.Not.Contain("script-src"));
            Assert.That(Header(response, "Referrer-Policy"), Is.EqualTo("no-referrer"));
            Assert.That(Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
            Assert.That(Header(response, "X-Frame-Options"), Is.EqualTo("DENY"));
            Assert.That(Header(response, "Cache-Control"), Is.EqualTo("no-store"));
        });
    }

    [Test]
    public async Task Login_InlineStyle_IsTheOneTheCspHashAllows()
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);

        // Act
        var response = await host.Client.GetAsync(new Uri("/", UriKind.Relative));
        var css = StyleElement().Match(await response.Content.ReadAsStringAsync()).Groups["css"].Value;

        // Assert: a browser would drop the page's whole look if these differed.
        Assert.That(Header(response, "Content-Security-Policy"), Does.Contain(
            "style-src 'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css))) + "'"));
    }

    [TestCase(null)]
    [TestCase("not-a-jwt")]
    [TestCase("eyJhbGciOiJIUzI1NiJ9.eyJhcHBpZCI6ImFwcDpwYXJhIiwic3ViIjoiMSJ9.AAAA")]
    public async Task SignedIn_WithoutAValidCookie_RedirectsToTheLoginPage(string? cookie)
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/signed-in", UriKind.Relative));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", "para-auth=" + cookie);
        }

        // Act
        var response = await host.Client.SendAsync(request);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
        });
    }

    [Test]
    public async Task SignOut_Post_DeletesTheAuthCookieAndGoesHome()
    {
        // Arrange
        await using var host = await ServerAppHost.StartTestServerAsync(Credentials);

        // Act
        var response = await host.Client.PostAsync(new Uri("/signout", UriKind.Relative), null);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
            Assert.That(response.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("para-auth=;").And.Contain("expires=Thu, 01 Jan 1970").And.Contain("path=/"));
        });
    }

    internal static string? ButtonHref(string html) =>
        LoginButton().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups["href"].Value) : null;

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : string.Empty;

    private static async Task CreateAppAsync(ServerAppHost host, string name, JsonObject settings)
    {
        var created = await host.Get<ParaAppService>().CreateChildAppAsync(name);
        var apps = host.Get<IAppStore>();
        var app = (await apps.FindAsync(created.AccessKey!))!;
        foreach (var (key, value) in settings)
        {
            app.Settings[key] = value?.DeepClone();
        }

        await apps.UpdateAsync(app);
    }

    [GeneratedRegex("id=\"login-with-amazon\" href=\"(?<href>[^\"]*)\"")]
    private static partial Regex LoginButton();

    [GeneratedRegex("<style>(?<css>.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
