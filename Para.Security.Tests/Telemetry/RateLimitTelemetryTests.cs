// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Para.Security.RateLimiting;

namespace Para.Security.Tests.Telemetry;

/// <summary><c>para.ratelimit.refusals</c>: every refusal is counted, though only the first per client and window is logged.</summary>
[TestFixture]
internal sealed class RateLimitTelemetryTests
{
    [Test]
    public async Task SignInPath_OverTheLimit_CountsEveryRefusal()
    {
        // Arrange
        await using var host = await TelemetryTestHost.StartAsync(new() { ["para:security:rate_limit:permit_limit"] = "1" });

        // Act
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await host.CallbackAsync("code-" + i)).StatusCode);
        }

        host.FlushMetrics();

        // Assert
        var refusals = host.Points("para.ratelimit.refusals").Single();
        Assert.Multiple(() =>
        {
            Assert.That(answers.Count(status => status == HttpStatusCode.TooManyRequests), Is.EqualTo(3));
            Assert.That(refusals.Tags["para.policy"], Is.EqualTo(ParaRateLimiting.SignInPathsPolicy));
            Assert.That(refusals.Point.GetSumLong(), Is.EqualTo(3));
        });
    }
}
