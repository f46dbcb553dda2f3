// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>
/// The contract every OAuth 2 provider keeps (issue 21 item 6), run by a derived fixture per provider against its own
/// fake (WireMock): success, the user cancelling, a bad code, each endpoint failing (4xx, 5xx, timeout, bad JSON,
/// missing subject), the sealed state and PKCE (tampered, expired, replayed, correlation cookie missing), per-app
/// credentials, and <c>POST /jwt_auth</c> with a provider token. Every failure is Para's failure redirect with its
/// <c>PARASEC</c> code in the log, never a 500. The derived fixture supplies the fake through the abstract members.
/// </summary>
public abstract partial class OAuthProviderContractTests
{
    /// <summary>Where a fault is injected.</summary>
    public enum ProviderEndpoint
    {
        /// <summary>The token endpoint (code exchange).</summary>
        Token,

        /// <summary>The profile endpoint.</summary>
        Profile,
    }

    /// <summary>What the fake does wrong.</summary>
    public enum ProviderFault
    {
        /// <summary>A 4xx answer with the provider's JSON error.</summary>
        ClientError,

        /// <summary>A 5xx answer.</summary>
        ServerError,

        /// <summary>No answer within the (small) backchannel timeouts.</summary>
        Timeout,

        /// <summary>A 200 answer whose body is not JSON.</summary>
        BadJson,

        /// <summary>A profile without the subject.</summary>
        MissingSubject,
    }

    /// <summary>The backchannel timeouts of the host that a timeout case starts: small, so timeouts end fast.</summary>
    private static readonly Dictionary<string, string?> ShortTimeouts = new()
    {
        ["para:security:backchannel:attempt_timeout"] = "00:00:01",
        ["para:security:backchannel:total_timeout"] = "00:00:02.500",
        ["para:security:backchannel:retries"] = "1",
    };

    private ProviderTestHost? _host;
    private Dictionary<string, string?> _settings = [];

    /// <summary>Gets the provider name (<c>POST /jwt_auth</c>'s <c>provider</c>).</summary>
    protected abstract string ProviderName { get; }

    /// <summary>Gets the callback path, e.g. <c>/amazon_auth</c>.</summary>
    protected abstract string CallbackPath { get; }

    /// <summary>Gets the credential prefix, e.g. <c>az</c>.</summary>
    protected abstract string CredentialsPrefix { get; }

    /// <summary>Gets the identifier the fake's default account signs in as, e.g. <c>az:amzn1.account…</c>.</summary>
    protected abstract string ExpectedIdentifier { get; }

    /// <summary>Gets the client id the root app's settings name.</summary>
    protected abstract string RootClientId { get; }

    /// <summary>Gets the host the contract's tests run against (started in <see cref="SetUpAsync"/>).</summary>
    private protected ProviderTestHost Host => _host ?? throw new InvalidOperationException("no host");

    /// <summary>Gets the log of the current host.</summary>
    protected CapturingLoggerProvider Logs { get; private set; } = null!;

    /// <summary>Gets the callback URL of the test server.</summary>
    protected string Callback => "http://localhost" + CallbackPath;

    /// <summary>Adds the provider to the pipeline.</summary>
    /// <param name="builder">The builder.</param>
    protected abstract void AddProvider(ParaSecurityBuilder builder);

    /// <summary>Starts the fake with the root client registered for <see cref="Callback"/>, and returns the settings that point the provider at it.</summary>
    /// <returns>The settings.</returns>
    protected abstract Task<Dictionary<string, string?>> StartFakeAsync();

    /// <summary>Stops the fake, failing the test if it received a request it could not match.</summary>
    /// <returns>A task.</returns>
    protected abstract Task StopFakeAsync();

    /// <summary>Registers another client with the fake.</summary>
    /// <param name="clientId">The client id.</param>
    /// <param name="secret">The secret.</param>
    /// <param name="redirectUri">The redirect URI it may use.</param>
    protected abstract void RegisterClient(string clientId, string secret, string redirectUri);

    /// <summary>Mints an authorization code for the default account, as the fake's consent page would.</summary>
    /// <param name="clientId">The client.</param>
    /// <param name="redirectUri">The redirect URI the code is bound to.</param>
    /// <returns>The code.</returns>
    protected abstract string IssueCode(string clientId, string redirectUri);

    /// <summary>Mints an access token of the default account for a client (for <c>POST /jwt_auth</c>).</summary>
    /// <param name="clientId">The client.</param>
    /// <returns>The token.</returns>
    protected abstract string IssueAccessToken(string clientId);

    /// <summary>Makes an endpoint misbehave on every call until the test ends.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="fault">The fault.</param>
    protected abstract void InjectFault(ProviderEndpoint endpoint, ProviderFault fault);

    /// <summary>Returns a form field of each token request the fake received, in order.</summary>
    /// <param name="field">The field, e.g. <c>client_id</c>.</param>
    /// <returns>The values (<see langword="null"/> where a request lacked it).</returns>
    protected abstract IReadOnlyList<string?> TokenRequestValues(string field);

    /// <summary>Follows the provider's authorization endpoint as a browser whose user consents; returns the callback URL it redirects to.</summary>
    /// <param name="authorizeUrl">The authorization URL the start endpoint redirected to.</param>
    /// <returns>The callback URL, with code and state.</returns>
    protected virtual async Task<Uri> AuthorizeAsync(Uri authorizeUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var consent = await browser.GetAsync(authorizeUrl);
        return consent.Headers.Location ?? throw new AssertionException($"the fake's authorization endpoint answered {(int)consent.StatusCode} without a redirect");
    }

    /// <summary>Starts the fake and a host.</summary>
    /// <returns>A task.</returns>
    [SetUp]
    public async Task SetUpAsync()
    {
        Logs = new CapturingLoggerProvider();
        _settings = await StartFakeAsync();
        _host = await StartHostAsync();
    }

    /// <summary>Starts another host on the same fake and settings, e.g. with a fake clock or short backchannel timeouts.</summary>
    /// <param name="time">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="shortTimeouts">Whether backchannel calls time out after 1 s (2.5 s in all).</param>
    /// <returns>The host.</returns>
    private protected Task<ProviderTestHost> StartHostAsync(TimeProvider? time = null, bool shortTimeouts = false) => ProviderTestHost.StartAsync(
        builder =>
        {
            builder.AddParaApi(); // POST /jwt_auth
            AddProvider(builder);
        },
        shortTimeouts ? _settings.Concat(ShortTimeouts).ToDictionary() : _settings,
        Logs,
        time);

    /// <summary>Sends a callback as the browser arrives from the provider.</summary>
    /// <param name="query">The query, without <c>?</c>.</param>
    /// <param name="cookie">A <c>Cookie</c> header value, if any.</param>
    /// <param name="host">The host, <see cref="Host"/> by default.</param>
    /// <returns>The response.</returns>
    private protected async Task<HttpResponseMessage> CallbackAsync(string query, string? cookie = null, ProviderTestHost? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, CallbackPath + "?" + query);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await (host ?? Host).Client.SendAsync(request);
    }

    /// <summary>Starts a server-initiated sign-in and goes through the fake's consent as the browser.</summary>
    /// <param name="host">The host, <see cref="Host"/> by default.</param>
    /// <returns>The callback's query and the correlation cookie (<c>name=value</c>).</returns>
    private protected async Task<(string Query, string Cookie)> BrowserLegAsync(ProviderTestHost? host = null)
    {
        var start = await (host ?? Host).Client.GetAsync(new Uri(CallbackPath + "/start", UriKind.Relative));
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the start endpoint redirects to the provider");
        var cookie = start.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var callback = await AuthorizeAsync(start.Headers.Location!);
        return (callback.Query.TrimStart('?'), cookie);
    }

    /// <summary>Asserts Para's failure redirect for the root app, with exactly one failure logged, coded as expected.</summary>
    /// <param name="response">The callback's response.</param>
    /// <param name="codes">The acceptable codes.</param>
    private protected void AssertFailed(HttpResponseMessage response, params string[] codes)
    {
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a failure redirect, never a 500");
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(Logs.SignInFailureCodes, Has.Count.EqualTo(1));
            Assert.That(Logs.SignInFailureCodes.Count > 0 ? Logs.SignInFailureCodes[0] : null, Is.AnyOf(codes));
            Assert.That(Logs.Failures, Is.Empty, "no exception escaped the filter");
        });
    }

    /// <summary>Stops the host and the fake.</summary>
    /// <returns>A task.</returns>
    [TearDown]
    public async Task TearDownAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
        finally
        {
            Logs.Dispose();
            await StopFakeAsync();
        }
    }
}
