// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using System.Globalization;
using Para.Security.Tests.Fuzzing.Raw;

namespace Para.Security.Tests.Fuzzing;

/// <summary>
/// Fuzzing of the real server process over raw sockets (<see cref="RawFuzzCases"/>): hand-written HTTP/1.1 that HTTP
/// clients refuse to send. Every answer must be below 500, every request answered (a half-closed one may be dropped),
/// each endpoint family mostly answered by its endpoint (not 404: a fuzz that only hits 404s proves nothing), and the
/// server log free of unhandled exceptions. 2,000 requests by default; <c>PARA_RAW_FUZZ_COUNT</c> sets the count and
/// <c>PARA_RAW_FUZZ_SEED</c> the seed (default 28) for a long run, e.g. <c>PARA_RAW_FUZZ_COUNT=100000</c>.
/// </summary>
[NonParallelizable]
public sealed class RawSocketFuzzTests
{
    // Lines the server writes when an exception escaped: the pipeline's FilterFailed, Kestrel's unhandled-exception
    // (ApplicationError) and anything critical.
    private static readonly string[] EscapedExceptionMarkers = ["AuthPipelineMiddleware[1001]", "Microsoft.AspNetCore.Server.Kestrel[13]", "An unhandled exception", "crit:"];

    [Test]
    public async Task Server_RawHostileRequests_NeverAnswers5xx()
    {
        // Arrange
        var count = Setting("PARA_RAW_FUZZ_COUNT", 2_000);
        var seed = Setting("PARA_RAW_FUZZ_SEED", 28);
        await using var server = await RawFuzzServer.StartAsync();
        var cases = new RawFuzzCases(server.Target, seed);
        var stats = new RawFuzzStats();
        var stopwatch = Stopwatch.StartNew();

        // Act
        using (var client = new RawHttpClient(server.Process.Port, TimeSpan.FromSeconds(30)))
        {
            for (var i = 0; i < count && !server.Process.HasExited; i++)
            {
                var request = cases.Next();
                stats.Record(request, client.Send(request));
            }
        }

        stopwatch.Stop();
        TestContext.Progress.WriteLine($"Raw socket fuzz (seed {seed}): {stats.Summary(stopwatch.Elapsed)}");

        // Assert
        var log = server.Process.Output.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(server.Process.HasExited, Is.False, "the server process died");
            Assert.That(stats.Total, Is.EqualTo(count));
            Assert.That(stats.ServerErrors, Is.Empty, () => "answers >= 500:\n" + string.Join("\n\n", stats.ServerErrors.Select(e => $"{e.Status} for {e.Request}")));
            Assert.That(stats.Unanswered, Is.Empty, () => "requests not answered:\n" + string.Join("\n\n", stats.Unanswered.Select(e => $"{e.Status} for {e.Request}")));
            foreach (var family in RawFuzzCases.Families)
            {
                Assert.That(stats.Count(family), Is.GreaterThanOrEqualTo(count / 50), $"too few {family} requests");
            }

            foreach (var family in RawFuzzCases.Families.Where(f => f != "protocol"))
            {
                Assert.That(stats.Count(family, s => s is > 0 and not 404), Is.GreaterThanOrEqualTo(stats.Count(family) * 9 / 10), $"{family}: at least 90% must be answered by an endpoint, not 404");
            }

            Assert.That(stats.Count("jwt_auth", s => s == 200), Is.Positive, "no /jwt_auth request succeeded: the sign-ins did not reach the provider");
            Assert.That(stats.Count("api", s => s == 200), Is.Positive, "no signed /v1 request succeeded: the signing is wrong");
            var escaped = Enumerable.Range(0, log.Length).Where(i => EscapedExceptionMarkers.Any(m => log[i].Contains(m, StringComparison.Ordinal))).ToList();
            Assert.That(escaped, Is.Empty, () => $"the server logged {escaped.Count} escaped exceptions, the first:\n" + string.Join("\n", log.Skip(escaped[0]).Take(4)));
        });
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
