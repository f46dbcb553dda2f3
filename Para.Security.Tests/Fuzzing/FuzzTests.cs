// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using static Para.Security.Tests.Fuzzing.FuzzGenerators;

namespace Para.Security.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing of the real server in-process (FsCheck over a TestServer): callback query strings on
/// <c>/amazon_auth</c>, bodies and methods on <c>/jwt_auth</c>, and token and signed-request headers on <c>/v1/...</c>.
/// Every answer must be below 500 and no exception may escape into the log (no <c>FilterFailed</c>, no Error entry of
/// ASP.NET Core or Para.Security). 100,000 cases in all by default; set <c>PARA_FUZZ_SCALE</c> (e.g. 10) to run that
/// many times more. A failure prints FsCheck's shrunk counterexample and its replay seed.
/// </summary>
[NonParallelizable]
public sealed class FuzzTests
{
    private FuzzHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await FuzzHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public void AmazonCallback_AnyQueryAnyMethod_NeverFails()
    {
        var requests = Zip3(FuzzGenerators.Method, FuzzGenerators.CallbackQuery, Gen.Zip(FuzzGenerators.ContentType, FuzzGenerators.Body))
            .Select(t =>
            {
                var (method, query) = (t.Item1, t.Item2);
                var (contentType, body) = (t.Item3.Item1, t.Item3.Item2);
                var headers = new List<KeyValuePair<string, string>>();
                if (contentType is not null)
                {
                    headers.Add(new("Content-Type", contentType));
                }

                // A form POST carries the callback parameters in the body as well (Para reads request parameters).
                var formBody = method == "POST" && contentType == "application/x-www-form-urlencoded" && query.Length > 0
                    ? System.Text.Encoding.UTF8.GetBytes(query[1..])
                    : body;
                return new FuzzRequest(method, "/amazon_auth", query, headers, method is "GET" or "HEAD" ? null : formBody);
            });
        Run(requests, 40_000, minAnsweredShare: 1.0);
    }

    [Test]
    public void JwtAuth_AnyBodyAnyMethod_NeverFails()
    {
        // The pipeline answers /jwt_auth for every method: a 404 means the fuzz missed the endpoint.
        var requests = Gen.Zip(Zip3(FuzzGenerators.Method, FuzzGenerators.ContentType, FuzzGenerators.Body), Zip3(FuzzGenerators.Authorization(_host.ValidToken), Gen.Elements(true, false), FuzzGenerators.CallbackQuery), (a, b) => (Item1: a.Item1, Item2: a.Item2, Item3: a.Item3, Item4: b))
            .Select(t =>
            {
                var headers = new List<KeyValuePair<string, string>>();
                if (t.Item2 is not null)
                {
                    headers.Add(new("Content-Type", t.Item2));
                }

                if (t.Item4.Item2)
                {
                    headers.Add(new("Authorization", t.Item4.Item1));
                }

                return new FuzzRequest(t.Item1, "/jwt_auth", t.Item4.Item3, headers, t.Item1 is "GET" or "HEAD" ? null : t.Item3);
            });
        Run(requests, 30_000, minAnsweredShare: 1.0);
    }

    [Test]
    public void ApiRequest_AnyAuthorizationAndSignatureHeaders_NeverFails()
    {
        var paths = Gen.Frequency(
            (6, Gen.Constant("/v1/_me")),
            (2, Gen.Elements("/v1/_setup", "/v1/", "/v1/users", "/v1/_settings", "/V1/_me", "/v1.0/_me", "/v2/_me")),
            (1, FuzzGenerators.AnyString.Select(s => "/v1/" + (s.Length > 200 ? s[..200] : s).Replace('\0', '_'))));
        var requests = Zip3(
                Gen.Zip(paths, Gen.Frequency((8, Gen.Constant("GET")), (2, FuzzGenerators.Method))),
                Zip3(FuzzGenerators.Authorization(_host.ValidToken), FuzzGenerators.AmzDate, FuzzGenerators.ContentSha256),
                Gen.ArrayOf(Gen.Elements(true, false), 4))
            .Select(t =>
            {
                var headers = new List<KeyValuePair<string, string>>();
                if (t.Item3[0])
                {
                    headers.Add(new("Authorization", t.Item2.Item1));
                }

                if (t.Item3[1])
                {
                    headers.Add(new("X-Amz-Date", t.Item2.Item2));
                }

                if (t.Item3[2])
                {
                    headers.Add(new("X-Amz-Content-SHA256", t.Item2.Item3));
                }

                if (t.Item3[3])
                {
                    headers.Add(new("Authorization", t.Item2.Item1 + "x"));
                }

                return new FuzzRequest(t.Item1.Item2, t.Item1.Item1, string.Empty, headers, null);
            });

        // Random paths under /v1/ may be 404; /v1/_me, two thirds of the paths, never is.
        Run(requests, 30_000, minAnsweredShare: 0.5);
    }

    private static int Scale => int.TryParse(Environment.GetEnvironmentVariable("PARA_FUZZ_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1;

    // minAnsweredShare: the least share of answers that are not 404 (1.0: a single 404 fails), so a fuzz whose requests
    // all miss their endpoint cannot pass.
    private void Run(Gen<FuzzRequest> requests, int cases, double minAnsweredShare)
    {
        var count = cases * Scale;
        var config = Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true).WithEndSize(30);
        var statuses = new Dictionary<int, int>();
        var sendBefore = _host.SendTime;
        var stopwatch = Stopwatch.StartNew();
        var property = Prop.ForAll(requests.ToArbitrary(), request =>
        {
            var before = _host.Errors.Count;
            var status = _host.Send(request);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var ok = status < 500 && (minAnsweredShare < 1.0 || status != 404) && _host.Errors.Count == before;
            return ok.Label($"status {status}; escaped: {string.Join(" / ", _host.Errors.First)}");
        });
        Check.One(config, property);
        stopwatch.Stop();
        TestContext.Progress.WriteLine(
            $"{TestContext.CurrentContext.Test.Name}: {count} cases in {stopwatch.Elapsed.TotalSeconds:F1} s ({(_host.SendTime - sendBefore).TotalSeconds:F1} s in requests); statuses "
            + string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        Assert.Multiple(() =>
        {
            Assert.That(_host.Errors.Count, Is.Zero, string.Join("\n", _host.Errors.First));
            Assert.That(count - statuses.GetValueOrDefault(404), Is.GreaterThanOrEqualTo(count * minAnsweredShare), "too many 404s: the requests miss the endpoint");
        });
    }
}
