// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Server;
using Para.Security.Storage;
using Para.Security.Testing;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Logging;

/// <summary>
/// Checklist item 30 and issue 28: a whole run of the server from a fresh data folder (the root app's creation,
/// successful sign-ins of the root and a child app, every kind of provider failure, reused codes, provider tokens on
/// <c>POST /jwt_auth</c>, JWT use on <c>/v1/_me</c>) with every log category at Trace, its log and its console output
/// (where a service manager collects it) searched for every authorization code, provider access and refresh token,
/// client secret, app secret, token secret and issued JWT.
/// </summary>
[NonParallelizable]
public sealed class SecretsNeverLoggedTests
{
    private const string RootClientId = "amzn1.application-oa2-client.logs-root";
    private const string RootClientSecret = "logs-root-client-secret-5f1c";
    private const string ChildClientId = "amzn1.application-oa2-client.logs-child";
    private const string ChildClientSecret = "logs-child-client-secret-9a7e";

    [TestCase(false, TestName = "FullRun_AllLogOutput_ContainsNoCodeTokenOrSecret")]
    [TestCase(true, TestName = "FullRun_RequestLinesSwitchedOn_TheDetectorFindsTheCodes (control)")]
    public async Task FullRun(bool logRequestLines)
    {
        // Arrange
        var logs = new CapturingLoggerProvider();
        using var console = new StringWriter();
        var secrets = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var dir = Directory.CreateTempSubdirectory("para-logs-").FullName;
        await using var amazon = new FakeAmazon();
        amazon.RetryAfter = TimeSpan.Zero;
        amazon.AddClient(RootClientId, RootClientSecret, "http://localhost/amazon_auth");
        amazon.AddClient(ChildClientId, ChildClientSecret, "http://localhost/amazon_auth");
        Remember(secrets, RootClientSecret, "root client secret");
        Remember(secrets, ChildClientSecret, "child client secret");
        var app = ParaServerApp.Create(
            new ParaConfigurationSources
            {
                Arguments =
                [
                    "--para.dao=memory",
                    $"--para.az_app_id={RootClientId}",
                    $"--para.az_secret={RootClientSecret}",
                    $"--para.security.amazon.authorize_url={amazon.AuthorizeUrl}",
                    $"--para.security.amazon.token_url={amazon.TokenUrl}",
                    $"--para.security.amazon.profile_url={amazon.ProfileUrl}",
                    $"--para.security.amazon.tokeninfo_url={amazon.TokenInfoUrl}",
                    "--para.security.signin_success=/welcome?jwt=?",
                    "--para.security.backchannel.attempt_timeout=1s",
                    "--para.security.backchannel.total_timeout=2s",
                    $"--para.security.log_request_lines={(logRequestLines ? "true" : "false")}",
                ],
                Environment = _ => null,
                WorkingDirectory = dir,
            },
            console,
            builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);

                // Every category at Trace, para.logging.level's framework defaults (Warning) included.
                builder.Configuration.AddInMemoryCollection(builder.Configuration.GetSection("para:logging:level").GetChildren()
                    .Select(level => new KeyValuePair<string, string?>(level.Path, "Trace")));
                builder.Services.AddHttpClient("para.backchannel.amazon").AddHttpMessageHandler(() => new TokenRecordingHandler(secrets));
            });
        await app.StartAsync();
        try
        {
            using var client = app.GetTestClient();
            var setup = JsonNode.Parse(await client.GetStringAsync(new Uri("/v1/_setup", UriKind.Relative)))!;
            Remember(secrets, setup["secretKey"]!.GetValue<string>(), "root app secret");
            var rootFile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "data", "root-credentials.json")))!;
            Remember(secrets, rootFile["secretKey"]!.GetValue<string>(), "root app secret");
            var child = await app.Services.GetRequiredService<ParaAppService>().CreateChildAppAsync("logsapp");
            Remember(secrets, child.SecretKey!, "child app secret");
            var apps = app.Services.GetRequiredService<IAppStore>();
            var childApp = (await apps.FindAsync(child.AccessKey!))!;
            childApp.Settings["az_app_id"] = ChildClientId;
            childApp.Settings["az_secret"] = ChildClientSecret;
            childApp.Settings["signin_success"] = "https://logsapp.example/welcome?jwt=?";
            childApp.Settings["signin_failure"] = "https://logsapp.example/signin?cause=?";
            await apps.UpdateAsync(childApp);

            var jwts = new List<string>();
            async Task<HttpResponseMessage> CallbackAsync(string clientId, string state, FakeAmazonAccount account, string? code = null)
            {
                code ??= amazon.IssueCode(clientId, "http://localhost/amazon_auth", account);
                Remember(secrets, code, "authorization code");
                var response = await client.GetAsync(new Uri("/amazon_auth?code=" + Uri.EscapeDataString(code) + "&state=" + state, UriKind.Relative));
                var location = response.Headers.Location?.ToString() ?? string.Empty;
                if (location.Contains("jwt=", StringComparison.Ordinal))
                {
                    var jwt = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), location).Query)["jwt"].ToString();
                    jwts.Add(jwt);
                    Remember(secrets, jwt, "issued JWT");
                }

                foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [])
                {
                    var value = cookie.Split(';')[0].Split('=', 2)[1];
                    if (value.Length > 0)
                    {
                        Remember(secrets, value, "auth cookie");
                    }
                }

                await RememberTokenSecretsAsync(app.Services, secrets);
                return response;
            }

            // Act: successful sign-ins, new and returning users, root and child app.
            var accounts = Enumerable.Range(1, 3).Select(i => new FakeAmazonAccount($"amzn1.account.LOGS{i}", $"Log User {i}", $"log{i}@example.com")).ToList();
            foreach (var account in accounts)
            {
                await CallbackAsync(RootClientId, "para", account);
                await CallbackAsync(ChildClientId, "logsapp", account);
            }

            await CallbackAsync(RootClientId, "para", accounts[0]);

            // The server-started flow: sealed state, correlation cookie, PKCE verifier; then a replay of the same state.
            var start = await client.GetAsync(new Uri("/amazon_auth/start?appid=logsapp", UriKind.Relative));
            var correlation = start.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
            using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
            {
                var back = (await browser.GetAsync(start.Headers.Location!)).Headers.Location!;
                var sealedState = QueryHelpers.ParseQuery(back.Query)["state"].ToString();
                Remember(secrets, sealedState, "sealed state");
                Remember(secrets, QueryHelpers.ParseQuery(back.Query)["code"].ToString(), "authorization code");
                Remember(secrets, correlation.Split('=')[0].Split('.')[^1], "correlation nonce");
                foreach (var attempt in new[] { back.PathAndQuery, "/amazon_auth?code=replayed-code&state=" + sealedState })
                {
                    using var callback = new HttpRequestMessage(HttpMethod.Get, attempt);
                    callback.Headers.Add("Cookie", correlation);
                    await client.SendAsync(callback);
                }

                Remember(secrets, amazon.TokenRequests[^1].GetFormValue("code_verifier")!, "code verifier");
                await RememberTokenSecretsAsync(app.Services, secrets);
            }

            // Failures of every kind, on the token and the profile call.
            foreach (var scenario in new[]
            {
                FakeAmazonScenario.InvalidGrant, FakeAmazonScenario.InvalidClient, FakeAmazonScenario.ServerError, FakeAmazonScenario.ServiceUnavailable,
                FakeAmazonScenario.HtmlBody, FakeAmazonScenario.TruncatedJson, FakeAmazonScenario.EmptyResponse, FakeAmazonScenario.MalformedChunk,
                FakeAmazonScenario.ConnectionReset, FakeAmazonScenario.LargeBody,
            })
            {
                amazon.WithScenario(FakeAmazonEndpoint.Token, scenario, times: 1);
                await CallbackAsync(RootClientId, "para", accounts[1]);
            }

            foreach (var scenario in new[]
            {
                FakeAmazonScenario.ServerError, FakeAmazonScenario.HtmlBody, FakeAmazonScenario.TruncatedJson, FakeAmazonScenario.MissingUserId,
                FakeAmazonScenario.ConnectionReset, FakeAmazonScenario.TooManyRequests, FakeAmazonScenario.LargeBody,
            })
            {
                amazon.WithScenario(FakeAmazonEndpoint.Profile, scenario, times: 3);
                await CallbackAsync(ChildClientId, "logsapp", accounts[2]);
            }

            amazon.ResetScenarios();
            var reused = amazon.IssueCode(RootClientId, "http://localhost/amazon_auth", accounts[0]);
            await CallbackAsync(RootClientId, "para", accounts[0], reused);
            await CallbackAsync(RootClientId, "para", accounts[0], reused);
            await CallbackAsync(RootClientId, "nosuchapp", accounts[0]);
            await CallbackAsync(ChildClientId, "para", accounts[0]); // the root app's client id does not own this code
            await client.GetAsync(new Uri("/amazon_auth?error=access_denied&error_description=The+user+denied&state=para", UriKind.Relative));

            // Provider access tokens on POST /jwt_auth: accepted, then one minted for another client (refused: audience).
            foreach (var clientId in new[] { ChildClientId, RootClientId })
            {
                var providerToken = amazon.IssueAccessToken(clientId, accounts[2]);
                Remember(secrets, providerToken, "provider access token");
                var body = new JsonObject { ["appid"] = "app:logsapp", ["provider"] = "amazon", ["token"] = providerToken };
                using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
                var signIn = await client.PostAsync(new Uri("/jwt_auth", UriKind.Relative), content);
                if (signIn.IsSuccessStatusCode && JsonNode.Parse(await signIn.Content.ReadAsStringAsync())?["jwt"]?["access_token"]?.GetValue<string>() is { } issued)
                {
                    jwts.Add(issued);
                    Remember(secrets, issued, "issued JWT (jwt_auth)");
                }
            }

            await RememberTokenSecretsAsync(app.Services, secrets);

            // JWT use on /v1/_me: each token, a tampered one, and one of the wrong app.
            foreach (var jwt in jwts.Append(jwts[0][..^2] + "xx"))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/_me");
                request.Headers.Add("Authorization", "Bearer " + jwt);
                await client.SendAsync(request);
            }

            // A backchannel GET with a token in its query (as a token-info audience check sends it): HttpClient's
            // logging must not write the query out.
            var probe = amazon.IssueAccessToken(RootClientId);
            Remember(secrets, probe, "provider access token");
            using (var backchannel = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("para.backchannel.amazon"))
            {
                await backchannel.GetAsync(new Uri(amazon.TokenInfoUrl + "?access_token=" + Uri.EscapeDataString(probe)));
            }

            await RememberTokenSecretsAsync(app.Services, secrets);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }

        // Assert
        var text = logs.AllText() + "\n" + console;
        var leaks = secrets
            .Where(s => text.Contains(s.Key, StringComparison.Ordinal) || (s.Key.Length >= 40 && text.Contains(s.Key[10..34], StringComparison.Ordinal)))
            .Select(s => $"{s.Value}: …{s.Key[Math.Max(0, (s.Key.Length / 2) - 6)..Math.Min(s.Key.Length, (s.Key.Length / 2) + 6)]}… in: "
                + (logs.Entries.FirstOrDefault(e => e.FullText().Contains(s.Key.Length >= 40 ? s.Key[10..34] : s.Key, StringComparison.Ordinal))?.FullText() ?? "the console: " + console)[..200])
            .ToList();
        if (logRequestLines)
        {
            // The control: ASP.NET Core's request lines carry the callback's query (code and state), and the search finds them.
            Assert.That(leaks, Is.Not.Empty.And.All.Match("^(authorization code|sealed state): "));
            return;
        }

        Assert.Multiple(() =>
        {
            Assert.That(logs.Entries, Has.Count.GreaterThan(200), "the run logged at every level");
            Assert.That(logs.Entries.Select(e => e.Level).Distinct(), Does.Contain(LogLevel.Debug).And.Contain(LogLevel.Warning));
            Assert.That(secrets.Values.Distinct(), Is.SupersetOf(new[]
            {
                "authorization code", "provider access token", "provider refresh token", "root client secret", "child client secret",
                "sealed state", "correlation nonce", "code verifier",
                "root app secret", "child app secret", "token secret", "issued JWT", "issued JWT (jwt_auth)",
            }));
            Assert.That(leaks, Is.Empty);
        });
    }

    private static void Remember(ConcurrentDictionary<string, string> secrets, string value, string kind)
    {
        if (value.Length >= 8)
        {
            secrets.TryAdd(value, kind);
        }
    }

    private static async Task RememberTokenSecretsAsync(IServiceProvider services, ConcurrentDictionary<string, string> secrets)
    {
        var users = services.GetRequiredService<IUserStore>();
        foreach (var appId in new[] { "para", "logsapp" })
        {
            for (var i = 1; i <= 3; i++)
            {
                if (await users.FindByIdentifierAsync(appId, $"az:amzn1.account.LOGS{i}") is { TokenSecret: { } tokenSecret })
                {
                    Remember(secrets, tokenSecret, "token secret");
                }
            }
        }
    }

    /// <summary>Notes the access and refresh tokens of every token answer the server receives.</summary>
    private sealed class TokenRecordingHandler(ConcurrentDictionary<string, string> secrets) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal) && response.IsSuccessStatusCode)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                try
                {
                    var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    if (json?["access_token"]?.GetValue<string>() is { } access)
                    {
                        Remember(secrets, access, "provider access token");
                    }

                    if (json?["refresh_token"]?.GetValue<string>() is { } refresh)
                    {
                        Remember(secrets, refresh, "provider refresh token");
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    // A scenario's broken body: nothing to remember.
                }
            }

            return response;
        }
    }
}
