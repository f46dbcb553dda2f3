// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Server;
using Para.Security.Storage;
using Para.Security.Tokens;

namespace Para.Security.Tests.Fuzzing;

/// <summary>One fuzzed request: method, decoded path, raw query (with its leading '?', or empty), headers and body.</summary>
public sealed record FuzzRequest(string Method, string Path, string Query, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body)
{
    public override string ToString()
    {
        var text = new StringBuilder().Append(Method).Append(' ').Append(Path).Append(Shorten(Query));
        foreach (var (name, value) in Headers)
        {
            text.Append(" | ").Append(name).Append(": ").Append(Shorten(value));
        }

        if (Body is not null)
        {
            text.Append(" | body ").Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append(" B: ").Append(Shorten(Encoding.UTF8.GetString(Body)));
        }

        return text.ToString();
    }

    private static string Shorten(string value) => value.Length > 300 ? value[..300] + $"…({value.Length} chars)" : value;
}

/// <summary>
/// The real server (<c>ParaServerApp</c>) on a TestServer for fuzzing: in-memory store, no rate limits, a child app with
/// Amazon credentials and redirect settings, one signed-in user with a valid session token, and Amazon answered
/// in-process by a stub (instant: invalid_grant for most codes, tokens and profiles for codes starting <c>ok</c>).
/// Counts every log entry that means an exception escaped.
/// </summary>
internal sealed class FuzzHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    private FuzzHost(WebApplication app, string dir, ErrorCountingLoggerProvider errors)
    {
        _app = app;
        _dir = dir;
        Errors = errors;
        Server = app.GetTestServer();
    }

    public TestServer Server { get; }

    public ErrorCountingLoggerProvider Errors { get; }

    /// <summary>A valid session JWT of a user of app:myapp.</summary>
    public string ValidToken { get; private set; } = string.Empty;

    public static async Task<FuzzHost> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("para-fuzz-").FullName;
        var errors = new ErrorCountingLoggerProvider();
        var app = ParaServerApp.Create(
            new ParaConfigurationSources
            {
                Arguments =
                [
                    "--para.dao=memory",
                    "--para.security.rate_limit.enabled=false",
                    "--para.az_app_id=amzn1.application-oa2-client.fuzz",
                    "--para.az_secret=fuzz-secret",
                    "--para.security.amazon.token_url=http://amazon.test/auth/o2/token",
                    "--para.security.amazon.profile_url=http://amazon.test/user/profile",
                    "--para.security.amazon.tokeninfo_url=http://amazon.test/auth/o2/tokeninfo",
                    "--para.security.amazon.authorize_url=http://amazon.test/ap/oa",
                ],
                Environment = _ => null,
                WorkingDirectory = dir,
            },
            TextWriter.Null,
            builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Logging.ClearProviders().AddProvider(errors).SetMinimumLevel(LogLevel.Warning);
                builder.Services.AddHttpClient("para.backchannel.amazon").ConfigurePrimaryHttpMessageHandler(() => new StubAmazonHandler());
            });
        await app.StartAsync();
        var host = new FuzzHost(app, dir, errors);
        await host.SeedAsync();
        return host;
    }

    /// <summary>Sends one request; returns the status code. Exceptions escaping the app propagate.</summary>
    public int Send(FuzzRequest request)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return SendCore(request);
        }
        finally
        {
            SendTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
    }

    /// <summary>Gets the time spent in <see cref="Send"/>, generation excluded.</summary>
    public TimeSpan SendTime { get; private set; }

    private int SendCore(FuzzRequest request)
    {
        var context = Server.SendAsync(http =>
        {
            http.Request.Method = request.Method;
            http.Request.Path = new PathString(request.Path); // already decoded, as a server hands it on
            http.Request.QueryString = request.Query.Length == 0 ? QueryString.Empty : new QueryString(request.Query);
            http.Connection.RemoteIpAddress = IPAddress.Loopback;
            foreach (var (name, value) in request.Headers)
            {
                http.Request.Headers.Append(name, value);
            }

            if (request.Body is not null)
            {
                http.Request.Body = new MemoryStream(request.Body);
                http.Request.ContentLength = request.Body.Length;
            }
        }).GetAwaiter().GetResult();
        return context.Response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task SeedAsync()
    {
        var services = _app.Services;
        var created = await services.GetRequiredService<ParaAppService>().CreateChildAppAsync("myapp");
        var apps = services.GetRequiredService<IAppStore>();
        var app = (await apps.FindAsync(created.AccessKey!))!;
        app.Settings["az_app_id"] = "amzn1.application-oa2-client.fuzz-myapp";
        app.Settings["az_secret"] = "fuzz-myapp-secret";
        app.Settings["signin_success"] = "https://myapp.example/welcome?jwt=?";
        app.Settings["signin_failure"] = "https://myapp.example/signin?cause=?";
        app.Settings["security.hosturl_aliases"] = "https://alias.myapp.example,https://other.example:8443";
        await apps.UpdateAsync(app);
        var user = await services.GetRequiredService<ParaUserService>().CreateUserAsync(new ParaUser
        {
            Id = string.Empty, AppId = "myapp", Identifier = "az:amzn1.account.FUZZ0", Email = "fuzz0@example.com", Name = "Fuzz", Active = true,
        });
        ValidToken = (await services.GetRequiredService<ParaJwtIssuer>().IssueSessionTokenAsync(app, user!))!.AccessToken;
    }

    /// <summary>Amazon in-process and instant: codes starting "ok" get tokens, a few users' profiles; everything else invalid_grant.</summary>
    private sealed class StubAmazonHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/token", StringComparison.Ordinal))
            {
                var form = await request.Content!.ReadAsStringAsync(cancellationToken);
                var code = form.Split('&').FirstOrDefault(p => p.StartsWith("code=", StringComparison.Ordinal))?[5..] ?? string.Empty;
                return code.StartsWith("ok", StringComparison.Ordinal)
                    ? Json(HttpStatusCode.OK, new JsonObject { ["access_token"] = "Atza|" + code, ["token_type"] = "bearer", ["expires_in"] = 3600 })
                    : Json(HttpStatusCode.BadRequest, new JsonObject { ["error_description"] = "The request has an invalid grant parameter : code", ["error"] = "invalid_grant" });
            }

            var token = request.Headers.TryGetValues("x-amz-access-token", out var values) ? values.First() : string.Empty;
            var n = SHA256.HashData(Encoding.UTF8.GetBytes(token))[0] % 8;
            return Json(HttpStatusCode.OK, new JsonObject
            {
                ["user_id"] = "amzn1.account.FUZZ" + n.ToString(CultureInfo.InvariantCulture),
                ["name"] = token.Length > 40 ? token[5..40] : "Fuzz " + n.ToString(CultureInfo.InvariantCulture),
                ["email"] = n % 3 == 0 ? null : $"fuzz{n.ToString(CultureInfo.InvariantCulture)}@example.com",
            });
        }

        private static HttpResponseMessage Json(HttpStatusCode status, JsonObject body) =>
            new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
    }
}

/// <summary>Counts the log entries that mean something escaped: FilterFailed, and Error or worse from ASP.NET Core or Para.Security.</summary>
internal sealed class ErrorCountingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _first = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<string> First => [.. _first];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorCountingLoggerProvider owner, string category) : ILogger
    {
        private readonly bool _watched = category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || category.StartsWith("Para.", StringComparison.Ordinal);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "FilterFailed" || (_watched && logLevel >= LogLevel.Error))
            {
                if (Interlocked.Increment(ref owner._count) <= 5)
                {
                    owner._first.Enqueue($"{category} [{eventId.Name}] {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
