// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Diagnostics;
using Para.Security.Filters.OAuth;
using Para.Security.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>The base's hooks and events, through <see cref="TestOidcFilter"/> against a WireMock OpenID provider.</summary>
public sealed class AbstractOAuthFilterTests
{
    private const string ClientId = "to-client";

    private WireMockServer _op = null!;
    private OidcTestKeys _key = null!;
    private CapturingLoggerProvider _logs = null!;
    private ProviderTestHost _host = null!;
    private Func<OAuthCreatingIdentityContext, Task> _onCreatingIdentity = static _ => Task.CompletedTask;

    [SetUp]
    public async Task SetUp()
    {
        _op = WireMockServer.Start();
        _key = new OidcTestKeys("k1");
        _logs = new CapturingLoggerProvider();
        Serve("/jwks", "GET", 200, OidcTestKeys.Jwks(_key));
        Serve("/userinfo", "POST", 200, """{"sub":"op-user-1","name":"Op User","picture":{"data":[{"url":"https://op.example/p.png"}]}}""");
        Serve("/emails", "GET", 200, """[{"email":"other@op.example","primary":false},{"email":"primary@op.example","primary":true}]""");
        _host = await ProviderTestHost.StartAsync(
            builder =>
            {
                builder.AddOAuthProvider<TestOidcFilter, TestOidcOptions>(TestOidcFilter.Descriptor, o =>
                {
                    o.BaseUrl = _op.Url!;
                    o.Events.OnCreatingIdentity = context => _onCreatingIdentity(context);
                });
            },
            new Dictionary<string, string?> { ["para:to_app_id"] = ClientId, ["para:to_secret"] = "to-secret" },
            _logs);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        _logs.Dispose();
        _key.Dispose();
        _op.Stop();
        _op.Dispose();
    }

    [Test]
    public async Task Callback_OpenIdProviderThroughEveryHook_SignsInWithTheMappedIdentity()
    {
        // Arrange
        _onCreatingIdentity = context =>
        {
            context.Identity.Name += " (adjusted)";
            return Task.CompletedTask;
        };
        var (authorize, callback) = await StartAsync(nonce => _key.IdToken(DateTimeOffset.UtcNow, ClientId, nonce: nonce));

        // Act
        var response = await callback();

        // Assert
        var user = await _host.Users.FindByIdentifierAsync("para", "to:op-user-1");
        var token = _op.LogEntries.Single(e => e.RequestMessage?.Path == "/token").RequestMessage!;
        var form = QueryHelpers.ParseQuery(token.Body!);
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"), string.Join("; ", _logs.SignInFailureCodes));
            Assert.That(authorize["prompt"].ToString(), Is.EqualTo("consent"), "a provider's authorization parameter");
            Assert.That(authorize["nonce"].ToString(), Has.Length.EqualTo(43), "an OpenID Connect provider gets a nonce");
            Assert.That(form.Keys, Is.EqualTo(new[] { "code", "redirect_uri", "scope", "client_id", "client_secret", "grant_type", "code_verifier" }));
            Assert.That(form["scope"].ToString(), Is.EqualTo("openid profile"));
            Assert.That(_op.LogEntries.Single(e => e.RequestMessage?.Path == "/userinfo").RequestMessage!.Method, Is.EqualTo("POST"));
            Assert.That(user?.Email, Is.EqualTo("primary@op.example"), "from the extra call's JSON array");
            Assert.That(user?.Name, Is.EqualTo("Op User (adjusted)"), "OnCreatingIdentity changed it");
            Assert.That(user?.Picture, Is.EqualTo("https://op.example/p.png"), "a JSON pointer into the profile");
        });
    }

    [TestCase("other-nonce")]
    [TestCase(null)]
    public async Task Callback_IdTokenWithoutThisSignInsNonce_FailsWithIdTokenInvalid(string? nonce)
    {
        // Arrange: an id_token replayed from another sign-in (or one without a nonce).
        var (_, callback) = await StartAsync(_ => _key.IdToken(DateTimeOffset.UtcNow, ClientId, nonce: nonce));

        // Act
        var response = await callback();

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(_logs.SignInFailureCodes, Is.EqualTo(new[] { ParaSecurityErrors.IdTokenInvalid }));
            Assert.That(await _host.Users.FindByIdentifierAsync("para", "to:op-user-1"), Is.Null);
        });
    }

    [Test]
    public async Task Callback_OnCreatingIdentityFails_FailsWithIdentityRejected()
    {
        // Arrange
        _onCreatingIdentity = context =>
        {
            context.Fail("only op.example staff");
            return Task.CompletedTask;
        };
        var (_, callback) = await StartAsync(nonce => _key.IdToken(DateTimeOffset.UtcNow, ClientId, nonce: nonce));

        // Act
        var response = await callback();

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(_logs.SignInFailureCodes, Is.EqualTo(new[] { ParaSecurityErrors.IdentityRejected }));
            Assert.That(await _host.Users.FindByIdentifierAsync("para", "to:op-user-1"), Is.Null);
        });
    }

    // Starts a sign-in, makes the token endpoint answer with the id_token `idToken(nonce)`, and returns the
    // authorization request's parameters and the browser's callback.
    private async Task<(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Authorize, Func<Task<HttpResponseMessage>> Callback)> StartAsync(Func<string, string> idToken)
    {
        var start = await _host.Client.GetAsync(new Uri("/testoidc_auth/start", UriKind.Relative));
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var authorize = QueryHelpers.ParseQuery(start.Headers.Location!.Query);
        var cookie = start.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        Serve("/token", "POST", 200, $$"""{"access_token":"at-1","token_type":"Bearer","expires_in":3600,"id_token":"{{idToken(authorize["nonce"].ToString())}}"}""");
        return (authorize, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/testoidc_auth?code=c-1&state=" + Uri.EscapeDataString(authorize["state"].ToString()));
            request.Headers.Add("Cookie", cookie);
            return await _host.Client.SendAsync(request);
        });
    }

    private void Serve(string path, string method, int status, string json) =>
        _op.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(json));
}
