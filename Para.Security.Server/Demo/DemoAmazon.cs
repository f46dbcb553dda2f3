// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;

namespace Para.Security.Server.Demo;

/// <summary>
/// Demo mode's pretend Login with Amazon: a small listener of its own on 127.0.0.1 (a port the OS picks) that serves
/// as much of the LWA contract as the real <c>AmazonAuthFilter</c> uses — the authorize page where a newcomer picks a
/// pretend account or cancels, the token endpoint (code grant with the client secret and PKCE), the profile and the
/// token-info endpoints. It keeps its codes and tokens in memory and needs nothing of the test tooling.
/// </summary>
internal sealed partial class DemoAmazon : IAsyncDisposable
{
    private const string AuthorizePath = "/ap/oa";
    private const string TokenPath = "/auth/o2/token";
    private const string ProfilePath = "/user/profile";
    private const string TokenInfoPath = "/auth/o2/tokeninfo";

    // Past this many live codes or tokens (a demo left running for long), the old ones are dropped all at once.
    private const int MaxGrants = 10_000;

    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromHours(1);

    private readonly WebApplication _listener;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly IReadOnlyList<DemoAccount> _accounts;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, CodeGrant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessGrant> _accessTokens = new(StringComparer.Ordinal);
    private volatile string[] _returnUrls = [];
    private int _disposed;

    private DemoAmazon(WebApplication listener, string clientId, string clientSecret, IReadOnlyList<DemoAccount> accounts, TimeProvider time)
    {
        _listener = listener;
        _clientId = clientId;
        _clientSecret = clientSecret;
        _accounts = accounts;
        _time = time;
    }

    /// <summary>Gets the base URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Gets the authorization endpoint (<c>para.security.amazon.authorize_url</c>).</summary>
    public string AuthorizeUrl => BaseUrl + AuthorizePath;

    /// <summary>Gets the token endpoint (<c>para.security.amazon.token_url</c>).</summary>
    public string TokenUrl => BaseUrl + TokenPath;

    /// <summary>Gets the profile endpoint (<c>para.security.amazon.profile_url</c>).</summary>
    public string ProfileUrl => BaseUrl + ProfilePath;

    /// <summary>Gets the token-info endpoint (<c>para.security.amazon.tokeninfo_url</c>).</summary>
    public string TokenInfoUrl => BaseUrl + TokenInfoPath;

    /// <summary>Starts the pretend Amazon with one client (no return URL allowed yet) and its accounts.</summary>
    /// <param name="clientId">The client id of the one security profile.</param>
    /// <param name="clientSecret">Its client secret.</param>
    /// <param name="accounts">The accounts, in the order the authorize page lists them.</param>
    /// <param name="time">The clock for the lifetimes of codes and tokens.</param>
    /// <returns>The pretend Amazon, listening.</returns>
    public static DemoAmazon Start(string clientId, string clientSecret, IReadOnlyList<DemoAccount> accounts, TimeProvider time)
    {
        // An empty builder: no configuration sources (ASPNETCORE_URLS cannot move it), no logging, only Kestrel.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var listener = builder.Build();
        var amazon = new DemoAmazon(listener, clientId, clientSecret, accounts, time);
        listener.Run(amazon.HandleAsync);

        // Started now, before the server is built, because the server's configuration needs the endpoints' URLs.
        listener.StartAsync().GetAwaiter().GetResult();
        amazon.BaseUrl = listener.Urls.First();
        return amazon;
    }

    /// <summary>Allows return URLs (<c>redirect_uri</c>) for the client, replacing those allowed before.</summary>
    /// <param name="returnUrls">The server's <c>/amazon_auth</c> URLs, known once it listens.</param>
    public void AllowReturnUrls(IEnumerable<string> returnUrls) => _returnUrls = [.. returnUrls];

    /// <summary>Stops listening.</summary>
    /// <returns>A task that completes when the listener has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _listener.StopAsync().ConfigureAwait(false);
            await _listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task HandleAsync(HttpContext context) => (context.Request.Method, context.Request.Path.Value) switch
    {
        ("GET", AuthorizePath) => AuthorizeAsync(context),
        ("POST", TokenPath) => TokenAsync(context),
        ("GET", ProfilePath) => ProfileAsync(context),
        ("GET", TokenInfoPath) => TokenInfoAsync(context),
        _ => WriteAsync(context, StatusCodes.Status404NotFound, "text/plain; charset=utf-8", "The pretend Amazon of demo mode does not serve this."),
    };

    private string MintCode(string redirectUri, string scope, DemoAccount account, string? challenge, string? method)
    {
        var code = NewToken("ANdemo");
        Keep(_codes, code, new CodeGrant(redirectUri, scope, account, challenge, method, _time.GetUtcNow() + CodeLifetime));
        return code;
    }

    private string MintAccessToken(string scope, DemoAccount account)
    {
        var token = NewToken("Atza|demo");
        var now = _time.GetUtcNow();
        Keep(_accessTokens, token, new AccessGrant(scope, account, now, now + AccessTokenLifetime));
        return token;
    }

    private bool TryGetAccessGrant(string? token, out AccessGrant grant)
    {
        grant = null!;
        return !string.IsNullOrEmpty(token) && _accessTokens.TryGetValue(token, out grant!) && _time.GetUtcNow() < grant.ExpiresAt;
    }

    private static void Keep<T>(ConcurrentDictionary<string, T> grants, string key, T grant)
    {
        if (grants.Count >= MaxGrants)
        {
            grants.Clear();
        }

        grants[key] = grant;
    }

    private static string NewToken(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private sealed record CodeGrant(string RedirectUri, string Scope, DemoAccount Account, string? Challenge, string? ChallengeMethod, DateTimeOffset ExpiresAt);

    private sealed record AccessGrant(string Scope, DemoAccount Account, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
}
