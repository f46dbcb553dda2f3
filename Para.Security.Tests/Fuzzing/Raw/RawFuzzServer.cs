// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using System.Text.Json.Nodes;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Fuzzing.Raw;

/// <summary>
/// The real server executable as a child process for raw fuzzing (<see cref="ServerProcess"/>): loopback only, a temp
/// working folder, the in-memory store, no rate limits, Amazon pointed at a closed loopback port (every backchannel
/// call fails at once, no retries). Seeded over HTTP as an operator would: the root keys from <c>/v1/_setup</c>, two
/// child apps, Amazon and redirect settings on the sign-in app, and a user signed in with a passwordless token.
/// </summary>
internal sealed class RawFuzzServer : IAsyncDisposable
{
    private readonly string _dir;

    private RawFuzzServer(string dir, ServerProcess process, RawFuzzTarget target)
    {
        _dir = dir;
        Process = process;
        Target = target;
    }

    public ServerProcess Process { get; }

    public RawFuzzTarget Target { get; }

    public static async Task<RawFuzzServer> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("para-rawfuzz-").FullName;
        var amazon = "http://127.0.0.1:" + ServerProcess.FreePort();
        var process = await ServerProcess.StartAsync(
            dir,
            "--para.bind_address=127.0.0.1",
            "--para.dao=memory",
            "--para.security.rate_limit.enabled=false",
            "--para.security.backchannel.retries=0",
            $"--para.security.amazon.authorize_url={amazon}/ap/oa",
            $"--para.security.amazon.token_url={amazon}/auth/o2/token",
            $"--para.security.amazon.profile_url={amazon}/user/profile",
            $"--para.security.amazon.tokeninfo_url={amazon}/auth/o2/tokeninfo");
        try
        {
            using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var root = JsonNode.Parse(await http.GetStringAsync(new Uri("/v1/_setup", UriKind.Relative)))!;
            var (rootKey, rootSecret) = (root["accessKey"]!.GetValue<string>(), root["secretKey"]!.GetValue<string>());
            var (signInApp, signInSecret) = await CreateAppAsync(http, rootKey, rootSecret, "fuzzapp");
            var (settingsApp, settingsSecret) = await CreateAppAsync(http, rootKey, rootSecret, "fuzzsettings");
            var settings = new JsonObject
            {
                ["az_app_id"] = "amzn1.application-oa2-client.fuzz",
                ["az_secret"] = "fuzz-secret",
                ["signin_success"] = "https://myapp.example/welcome?jwt=?",
                ["signin_failure"] = "https://myapp.example/signin?cause=?",
            };
            await SendSignedAsync(http, HttpMethod.Put, "/v1/_settings", Encoding.UTF8.GetBytes(settings.ToJsonString()), signInApp, signInSecret);
            var claims = new JsonObject { ["identifier"] = "fuzz:seed", ["email"] = "seed@example.com", ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() };
            var signIn = new JsonObject { ["appid"] = signInApp, ["provider"] = "passwordless", ["token"] = TestJwt.Create("HS256", claims, Encoding.UTF8.GetBytes(signInSecret)) };
            using var answer = await http.PostAsync(new Uri("/jwt_auth", UriKind.Relative), new StringContent(signIn.ToJsonString(), Encoding.UTF8, "application/json"));
            var token = JsonNode.Parse(await answer.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["jwt"]!["access_token"]!.GetValue<string>();
            var target = new RawFuzzTarget($"127.0.0.1:{process.Port}", signInApp, signInSecret, settingsApp, settingsSecret, token);
            return new RawFuzzServer(dir, process, target);
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<(string Key, string Secret)> CreateAppAsync(HttpClient http, string rootKey, string rootSecret, string name)
    {
        var keys = JsonNode.Parse(await SendSignedAsync(http, HttpMethod.Get, "/v1/_setup/" + name, null, rootKey, rootSecret))!;
        return (keys["accessKey"]!.GetValue<string>(), keys["secretKey"]!.GetValue<string>());
    }

    private static async Task<string> SendSignedAsync(HttpClient http, HttpMethod method, string path, byte[]? body, string key, string secret)
    {
        using var request = new HttpRequestMessage(method, new Uri(http.BaseAddress!, path));
        string[] signed = ["host", "x-amz-content-sha256", "x-amz-date"];
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
            signed = [.. signed, "content-type"];
        }

        TestSigV4Signer.SignHeaders(request, body ?? [], key, secret, DateTimeOffset.UtcNow, signed);
        using var response = await http.SendAsync(request);
        return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
    }
}
