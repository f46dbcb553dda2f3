// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Para.Security.Testing;

/// <summary>
/// A fake "Login with Amazon" authorization server on a loopback port, for tests and demo mode. It serves
/// <c>GET /ap/oa</c>, <c>POST /auth/o2/token</c>, <c>GET /user/profile</c> and <c>GET /auth/o2/tokeninfo</c> with LWA's
/// parameters, answer shapes and error shapes, keeps codes and tokens in memory, can be told to misbehave
/// (<see cref="WithScenario"/>, <see cref="WithDelay"/>) and records every request it receives (<see cref="Requests"/>).
/// </summary>
/// <remarks>
/// Register the client credentials first (<see cref="AddClient"/>). Thread-safe: a test may drive it from parallel requests.
/// </remarks>
public sealed partial class FakeAmazon : IDisposable, IAsyncDisposable
{
    private const string AuthorizePath = "/ap/oa";
    private const string TokenPath = "/auth/o2/token";
    private const string ProfilePath = "/user/profile";
    private const string TokenInfoPath = "/auth/o2/tokeninfo";

    private readonly WireMockServer _server;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, RegisteredClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeAmazonAccount> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _accountOrder = new();
    private readonly ConcurrentDictionary<string, CodeGrant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _usedCodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessGrant> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ScenarioQueue<FakeAmazonScenario> _scenarios = new();
    private readonly ScenarioQueue<TimeSpan> _delays = new();
    private readonly ConcurrentQueue<FakeAmazonRequest> _journal = new();
    private readonly ConcurrentQueue<FakeAmazonRequest> _unmatched = new();
    private FakeAmazonAccount _defaultAccount = FakeAmazonAccount.Default;
    private FakeAmazonAccount? _nextAccount;
    private int _disposed;

    /// <summary>Starts a fake on <c>127.0.0.1</c> and a free port, with the system clock.</summary>
    public FakeAmazon()
        : this(null)
    {
    }

    /// <summary>Starts a fake as <paramref name="options"/> say.</summary>
    /// <param name="options">Host, port and clock; <see langword="null"/> for the defaults.</param>
    public FakeAmazon(FakeAmazonOptions? options)
    {
        options ??= new FakeAmazonOptions();
        _time = options.TimeProvider ?? throw new ArgumentException("TimeProvider must not be null.", nameof(options));
        AddAccount(FakeAmazonAccount.Default);

        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://{options.Host}:{options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}"],
            Logger = new WireMockNullLogger(),
            StartAdminInterface = false,
            ReadStaticMappings = false,
            DoNotSaveDynamicResponseInLogEntry = true,
            MaxRequestLogCount = 200,
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(next => context => DelayOrAbortAsync(context, next)),
        });

        BaseUrl = _server.Url?.TrimEnd('/') ?? throw new InvalidOperationException("WireMock did not report the URL it listens on.");
        RegisterMappings();
    }

    /// <summary>Gets the root URL the fake listens on, e.g. <c>http://127.0.0.1:54321</c> (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>Gets the browser authorization URL, <c>{BaseUrl}/ap/oa</c>.</summary>
    public string AuthorizeUrl => BaseUrl + AuthorizePath;

    /// <summary>Gets the token URL, <c>{BaseUrl}/auth/o2/token</c>.</summary>
    public string TokenUrl => BaseUrl + TokenPath;

    /// <summary>Gets the customer profile URL, <c>{BaseUrl}/user/profile</c>.</summary>
    public string ProfileUrl => BaseUrl + ProfilePath;

    /// <summary>Gets the token-info URL, <c>{BaseUrl}/auth/o2/tokeninfo</c>.</summary>
    public string TokenInfoUrl => BaseUrl + TokenInfoPath;

    /// <summary>
    /// Gets the underlying WireMock server, for mappings of your own (give them a priority below 1000 to win over the
    /// fake's catch-all). Prefer the fake's own members; this couples a test to WireMock.
    /// </summary>
    public WireMockServer Server => _server;

    /// <summary>Gets the pretend accounts, in the order added; <see cref="FakeAmazonAccount.Default"/> is always first.</summary>
    public IReadOnlyList<FakeAmazonAccount> Accounts =>
        [.. _accountOrder.Distinct(StringComparer.Ordinal).Select(id => _accounts[id])];

    /// <summary>
    /// Gets or sets the account that signs in when the authorize request names none (<c>fake_account</c>) and
    /// <see cref="NextAccount"/> is not set. Default <see cref="FakeAmazonAccount.Default"/>; setting it also adds it.
    /// </summary>
    public FakeAmazonAccount DefaultAccount
    {
        get => Volatile.Read(ref _defaultAccount);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            AddAccount(value);
            Volatile.Write(ref _defaultAccount, value);
        }
    }

    /// <summary>
    /// Gets or sets the account that signs in at the next authorization only (then it is cleared), unless that request
    /// names one with <c>fake_account</c>. Setting it also adds it.
    /// </summary>
    public FakeAmazonAccount? NextAccount
    {
        get => Volatile.Read(ref _nextAccount);
        set
        {
            if (value is not null)
            {
                AddAccount(value);
            }

            Volatile.Write(ref _nextAccount, value);
        }
    }

    /// <summary>
    /// Gets or sets whether <c>/ap/oa</c> without <c>fake_account</c> answers a small HTML page listing the pretend
    /// accounts, each a link that completes the redirect (and a "Cancel" link that declines), instead of redirecting at
    /// once. For demo mode. Default <see langword="false"/>.
    /// </summary>
    public bool ShowConsentPage { get; set; }

    /// <summary>
    /// Gets or sets whether requests the fake does not serve count as failures: when <see langword="true"/> (the
    /// default) they are listed in <see cref="UnmatchedRequests"/> and fail <see cref="AssertNoUnmatchedRequests"/>.
    /// Either way they are answered 404 and kept in <see cref="Requests"/>. Demo mode may turn it off (browsers ask for
    /// <c>/favicon.ico</c>).
    /// </summary>
    public bool FailOnUnmatchedRequests { get; set; } = true;

    /// <summary>Gets or sets how long an authorization code can be exchanged. Default 5 minutes.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long an access token is valid; <c>expires_in</c> is its whole seconds. Default 3600 s, as LWA.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the <c>Retry-After</c> for <see cref="FakeAmazonScenario.TooManyRequests"/> and <see cref="FakeAmazonScenario.ServiceUnavailable"/>, sent as whole seconds. Default 30 s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long <see cref="FakeAmazonScenario.SlowBody"/> waits between two bytes of the body. Default 1 s.</summary>
    public TimeSpan SlowBodyInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the minimum body size in bytes for <see cref="FakeAmazonScenario.LargeBody"/>. Default 5 MiB.</summary>
    public int LargeBodySize { get; set; } = 5 * 1024 * 1024;

    /// <summary>Gets every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<FakeAmazonRequest> Requests => [.. _journal];

    /// <summary>Gets the requests to <c>/ap/oa</c>.</summary>
    public IReadOnlyList<FakeAmazonRequest> AuthorizeRequests => RequestsTo(FakeAmazonEndpoint.Authorize);

    /// <summary>Gets the requests to <c>/auth/o2/token</c>.</summary>
    public IReadOnlyList<FakeAmazonRequest> TokenRequests => RequestsTo(FakeAmazonEndpoint.Token);

    /// <summary>Gets the requests to <c>/user/profile</c>.</summary>
    public IReadOnlyList<FakeAmazonRequest> ProfileRequests => RequestsTo(FakeAmazonEndpoint.Profile);

    /// <summary>Gets the requests to <c>/auth/o2/tokeninfo</c>.</summary>
    public IReadOnlyList<FakeAmazonRequest> TokenInfoRequests => RequestsTo(FakeAmazonEndpoint.TokenInfo);

    /// <summary>Gets the requests to paths or methods the fake does not serve, received while <see cref="FailOnUnmatchedRequests"/> was on.</summary>
    public IReadOnlyList<FakeAmazonRequest> UnmatchedRequests => [.. _unmatched];

    /// <summary>Computes the PKCE <c>S256</c> code challenge of a verifier: base64url(SHA-256(ASCII(verifier))), unpadded.</summary>
    /// <param name="codeVerifier">The PKCE code verifier.</param>
    /// <returns>The challenge to send as <c>code_challenge</c>.</returns>
    public static string CreateS256Challenge(string codeVerifier)
    {
        ArgumentNullException.ThrowIfNull(codeVerifier);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
    }

    /// <summary>Registers (or replaces) a client, as an LWA security profile with its "Allowed Return URLs".</summary>
    /// <param name="clientId">The client id, e.g. <c>amzn1.application-oa2-client.…</c>.</param>
    /// <param name="clientSecret">The client secret.</param>
    /// <param name="allowedRedirectUris">The redirect URIs <c>/ap/oa</c> accepts for this client, compared exactly.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeAmazon AddClient(string clientId, string clientSecret, params string[] allowedRedirectUris)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentNullException.ThrowIfNull(clientSecret);
        ArgumentNullException.ThrowIfNull(allowedRedirectUris);
        _clients[clientId] = new RegisteredClient(clientId, clientSecret, [.. allowedRedirectUris], GetAppId(clientId));
        return this;
    }

    /// <summary>Adds (or replaces, by <see cref="FakeAmazonAccount.UserId"/>) a pretend account.</summary>
    /// <param name="account">The account.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeAmazon AddAccount(FakeAmazonAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(account.UserId, nameof(account));
        if (_accounts.TryAdd(account.UserId, account))
        {
            _accountOrder.Enqueue(account.UserId);
        }
        else
        {
            _accounts[account.UserId] = account;
        }

        return this;
    }

    /// <summary>Gets the <c>app_id</c> tokeninfo reports for a client: <c>amzn1.application.</c> and 32 hex digits, stable per client id.</summary>
    /// <param name="clientId">The client id.</param>
    /// <returns>The application id.</returns>
    public static string GetAppId(string clientId)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        return "amzn1.application." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clientId)))[..32];
    }

    /// <summary>
    /// Mints a valid LWA access token directly, without the browser flow, e.g. for tests of token-exchange endpoints
    /// (<c>/jwt_auth</c> with provider <c>amazon</c>). The client need not be registered; tokeninfo reports it as <c>aud</c>.
    /// </summary>
    /// <param name="clientId">The client the token is minted for.</param>
    /// <param name="account">The customer; <see langword="null"/> for <see cref="DefaultAccount"/>. It is added if new.</param>
    /// <param name="scope">The granted scope, space-separated: <c>profile</c>, <c>profile:user_id</c>, <c>postal_code</c>.</param>
    /// <returns>The access token, <c>Atza|…</c>.</returns>
    public string IssueAccessToken(string clientId, FakeAmazonAccount? account = null, string scope = "profile")
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentNullException.ThrowIfNull(scope);
        if (account is not null)
        {
            AddAccount(account);
        }

        return MintAccessToken(clientId, scope, account ?? DefaultAccount);
    }

    /// <summary>Issues an authorization code directly, as if the customer had signed in at <c>/ap/oa</c>.</summary>
    /// <param name="clientId">The client the code belongs to.</param>
    /// <param name="redirectUri">The redirect URI the token request must repeat exactly.</param>
    /// <param name="account">The customer; <see langword="null"/> for <see cref="DefaultAccount"/>. It is added if new.</param>
    /// <param name="codeChallenge">A PKCE challenge the token request must answer with <c>code_verifier</c>, or <see langword="null"/>.</param>
    /// <param name="codeChallengeMethod"><c>S256</c> (default) or <c>plain</c>; ignored without a challenge.</param>
    /// <param name="scope">The granted scope.</param>
    /// <returns>The single-use code.</returns>
    public string IssueCode(
        string clientId,
        string redirectUri,
        FakeAmazonAccount? account = null,
        string? codeChallenge = null,
        string codeChallengeMethod = "S256",
        string scope = "profile")
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentNullException.ThrowIfNull(scope);
        if (codeChallenge is not null && codeChallengeMethod is not ("S256" or "plain"))
        {
            throw new ArgumentException("The code challenge method must be S256 or plain.", nameof(codeChallengeMethod));
        }

        if (account is not null)
        {
            AddAccount(account);
        }

        return MintCode(clientId, redirectUri, scope, account ?? DefaultAccount, codeChallenge, codeChallenge is null ? null : codeChallengeMethod);
    }

    /// <summary>Builds an <see cref="AuthorizeUrl"/> request as a client would send the browser, values URL-encoded.</summary>
    /// <param name="clientId">The client id.</param>
    /// <param name="redirectUri">The redirect URI.</param>
    /// <param name="state">The state, or <see langword="null"/> to leave it out.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="codeChallenge">A PKCE <c>S256</c> challenge, or <see langword="null"/>.</param>
    /// <returns>The absolute URL.</returns>
    public string BuildAuthorizeUrl(string clientId, string redirectUri, string? state = null, string scope = "profile", string? codeChallenge = null)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentNullException.ThrowIfNull(scope);
        var url = new StringBuilder(AuthorizeUrl)
            .Append("?response_type=code&client_id=").Append(FormUrlEncoding.Encode(clientId))
            .Append("&scope=").Append(FormUrlEncoding.Encode(scope));
        if (state is not null)
        {
            url.Append("&state=").Append(FormUrlEncoding.Encode(state));
        }

        url.Append("&redirect_uri=").Append(FormUrlEncoding.Encode(redirectUri));
        if (codeChallenge is not null)
        {
            url.Append("&code_challenge=").Append(FormUrlEncoding.Encode(codeChallenge)).Append("&code_challenge_method=S256");
        }

        return url.ToString();
    }

    /// <summary>Revokes every access and refresh token and drops every unused code, as if each customer removed the app.</summary>
    public void RevokeAll()
    {
        _accessTokens.Clear();
        _refreshTokens.Clear();
        _codes.Clear();
    }

    /// <summary>
    /// Arranges a misbehaviour on an endpoint for the next <paramref name="times"/> calls, or until
    /// <see cref="ResetScenarios"/> when <see langword="null"/>. Arrangements per endpoint are used in the order made, so
    /// "503 once, then 429 once, then normal" is two calls. <see cref="FakeAmazonScenario.None"/> arranges normal calls.
    /// </summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="scenario">The misbehaviour.</param>
    /// <param name="times">How many calls it applies to (at least 1), or <see langword="null"/> for all until reset.</param>
    /// <returns>This fake, for chaining.</returns>
    /// <exception cref="ArgumentException">The scenario does not apply to that endpoint, e.g. access_denied on token.</exception>
    public FakeAmazon WithScenario(FakeAmazonEndpoint endpoint, FakeAmazonScenario scenario, int? times = null)
    {
        ValidateTimes(times);
        if (!Applies(endpoint, scenario))
        {
            throw new ArgumentException($"Scenario {scenario} does not apply to endpoint {endpoint}.", nameof(scenario));
        }

        _scenarios.Add(endpoint, scenario, times);
        return this;
    }

    /// <summary>
    /// Delays the answers of an endpoint (before any scenario applies) for the next <paramref name="times"/> calls, or
    /// until <see cref="ResetScenarios"/> when <see langword="null"/>. Delays use real time, not the injected clock.
    /// </summary>
    /// <param name="endpoint">The endpoint (not <see cref="FakeAmazonEndpoint.Unmatched"/>).</param>
    /// <param name="delay">How long to wait before answering (positive).</param>
    /// <param name="times">How many calls it applies to (at least 1), or <see langword="null"/> for all until reset.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeAmazon WithDelay(FakeAmazonEndpoint endpoint, TimeSpan delay, int? times = null)
    {
        ValidateTimes(times);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        if (endpoint == FakeAmazonEndpoint.Unmatched || !Enum.IsDefined(endpoint))
        {
            throw new ArgumentException("Delays apply to the fake's endpoints only.", nameof(endpoint));
        }

        _delays.Add(endpoint, delay, times);
        return this;
    }

    /// <summary>Back to normal: removes every arranged scenario and delay. Clients, accounts, codes and tokens stay.</summary>
    /// <returns>This fake, for chaining.</returns>
    public FakeAmazon ResetScenarios()
    {
        _scenarios.Clear();
        _delays.Clear();
        return this;
    }

    /// <summary>Forgets the recorded requests (including unmatched ones).</summary>
    public void ClearRequests()
    {
        _journal.Clear();
        _unmatched.Clear();
    }

    /// <summary>Throws if any request reached a path or method the fake does not serve (see <see cref="FailOnUnmatchedRequests"/>).</summary>
    /// <exception cref="InvalidOperationException">There were unmatched requests; the message lists them.</exception>
    public void AssertNoUnmatchedRequests()
    {
        var unmatched = UnmatchedRequests;
        if (unmatched.Count > 0)
        {
            throw new InvalidOperationException(
                $"FakeAmazon received {unmatched.Count} request(s) it does not serve:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", unmatched));
        }
    }

    /// <summary>Stops the server.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _server.Stop();
            _server.Dispose();
        }
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void ValidateTimes(int? times)
    {
        if (times is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(times), times, "Times must be at least 1, or null for all calls until reset.");
        }
    }

    private static bool Applies(FakeAmazonEndpoint endpoint, FakeAmazonScenario scenario) => (endpoint, scenario) switch
    {
        (FakeAmazonEndpoint.Unmatched, _) => false,
        (_, _) when !Enum.IsDefined(endpoint) || !Enum.IsDefined(scenario) => false,
        (FakeAmazonEndpoint.Authorize, FakeAmazonScenario.AccessDenied) => true,
        (_, FakeAmazonScenario.AccessDenied) => false,
        (FakeAmazonEndpoint.Token, FakeAmazonScenario.InvalidGrant or FakeAmazonScenario.InvalidClient) => true,
        (_, FakeAmazonScenario.InvalidGrant or FakeAmazonScenario.InvalidClient) => false,
        (FakeAmazonEndpoint.Profile or FakeAmazonEndpoint.TokenInfo, FakeAmazonScenario.MissingUserId) => true,
        (_, FakeAmazonScenario.MissingUserId) => false,
        (FakeAmazonEndpoint.Profile, FakeAmazonScenario.MissingEmail or FakeAmazonScenario.MissingName) => true,
        (_, FakeAmazonScenario.MissingEmail or FakeAmazonScenario.MissingName) => false,
        _ => true,
    };

    private static FakeAmazonEndpoint Classify(string method, string path) => (method.ToUpperInvariant(), path) switch
    {
        ("GET", AuthorizePath) => FakeAmazonEndpoint.Authorize,
        ("POST", TokenPath) => FakeAmazonEndpoint.Token,
        ("GET", ProfilePath) => FakeAmazonEndpoint.Profile,
        ("GET", TokenInfoPath) => FakeAmazonEndpoint.TokenInfo,
        _ => FakeAmazonEndpoint.Unmatched,
    };

    private static string RandomToken(string prefix, int bytes) => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    private IReadOnlyList<FakeAmazonRequest> RequestsTo(FakeAmazonEndpoint endpoint) => [.. _journal.Where(r => r.Endpoint == endpoint)];

    private void RegisterMappings()
    {
        Map(FakeAmazonEndpoint.Authorize, Request.Create().WithPath(AuthorizePath).UsingGet(), HandleAuthorize);
        Map(FakeAmazonEndpoint.Token, Request.Create().WithPath(TokenPath).UsingPost(), HandleToken);
        Map(FakeAmazonEndpoint.Profile, Request.Create().WithPath(ProfilePath).UsingGet(), HandleProfile);
        Map(FakeAmazonEndpoint.TokenInfo, Request.Create().WithPath(TokenInfoPath).UsingGet(), HandleTokenInfo);

        _server
            .Given(Request.Create().WithPath(new RegexMatcher(".*")).UsingAnyMethod())
            .AtPriority(1000)
            .RespondWith(Response.Create().WithCallback(message =>
            {
                var request = Record(FakeAmazonEndpoint.Unmatched, message);
                if (FailOnUnmatchedRequests)
                {
                    _unmatched.Enqueue(request);
                }

                return Finish(request, Reply.Text(404, $"FakeAmazon does not serve {request.Method} {request.Path}.", "unmatched"));
            }));
    }

    private void Map(FakeAmazonEndpoint endpoint, IRequestBuilder matcher, Func<FakeAmazonRequest, FakeAmazonScenario, Reply> handler)
    {
        _server
            .Given(matcher)
            .AtPriority(1)
            .RespondWith(Response.Create().WithCallback(message =>
            {
                var request = Record(endpoint, message);
                _scenarios.TryTake(endpoint, s => !IsTransportScenario(s), out var scenario);
                var reply = Generic(endpoint, scenario) ?? handler(request, scenario);
                return Finish(request, reply);
            }));
    }

    private static ResponseMessage Finish(FakeAmazonRequest request, Reply reply)
    {
        request.StatusCode = reply.StatusCode;
        request.Diagnostic = reply.Diagnostic;
        return reply.ToResponseMessage();
    }

    private FakeAmazonRequest Record(FakeAmazonEndpoint endpoint, IRequestMessage message)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (message.Headers is not null)
        {
            foreach (var (name, values) in message.Headers)
            {
                headers[name] = [.. values];
            }
        }

        var request = new FakeAmazonRequest(
            endpoint,
            message.Method,
            message.AbsolutePath,
            (message.RawQuery ?? string.Empty).TrimStart('?'),
            headers,
            message.BodyAsBytes ?? [],
            _time.GetUtcNow());
        _journal.Enqueue(request);
        return request;
    }

    /// <summary>The scenarios played on the connection itself, before WireMock sees the request.</summary>
    private static bool IsTransportScenario(FakeAmazonScenario scenario) =>
        scenario is FakeAmazonScenario.ConnectionReset or FakeAmazonScenario.SlowBody;

    /// <summary>Runs in WireMock's ASP.NET Core pipeline before its middleware: arranged delays, real connection resets and slow bodies.</summary>
    private async Task DelayOrAbortAsync(HttpContext context, RequestDelegate next)
    {
        var endpoint = Classify(context.Request.Method, context.Request.Path.Value ?? string.Empty);
        if (endpoint != FakeAmazonEndpoint.Unmatched && _delays.TryTake(endpoint, _ => true, out var delay))
        {
            await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
        }

        if (endpoint == FakeAmazonEndpoint.Unmatched || !_scenarios.TryTake(endpoint, IsTransportScenario, out var scenario))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(
            h => h.Key,
            h => (IReadOnlyList<string>)[.. h.Value.Select(v => v ?? string.Empty)],
            StringComparer.OrdinalIgnoreCase);
        var request = new FakeAmazonRequest(
            endpoint,
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty,
            headers,
            body.ToArray(),
            _time.GetUtcNow())
        {
            Diagnostic = scenario == FakeAmazonScenario.SlowBody ? "slow body (scenario)" : "connection reset (scenario)",
        };
        _journal.Enqueue(request);
        if (scenario == FakeAmazonScenario.ConnectionReset)
        {
            context.Abort();
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(SampleJson(endpoint));
        request.StatusCode = 200;
        context.Response.StatusCode = 200;
        context.Response.ContentType = Reply.JsonContentType;
        context.Response.ContentLength = bytes.Length;
        try
        {
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            for (var i = 0; i < bytes.Length; i++)
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(i, 1), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await Task.Delay(SlowBodyInterval, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client gave up, as it should.
        }
    }
}
