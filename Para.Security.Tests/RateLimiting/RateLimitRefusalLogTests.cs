// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Para.Security.RateLimiting;
using Para.Security.Tests.Filters.Amazon;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.RateLimiting;

/// <summary>
/// Rate-limit refusals are logged at most once per client and window (issue 28: a load test wrote a million refusal
/// lines), and the next line of a client says how many went unlogged.
/// </summary>
public sealed class RateLimitRefusalLogTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public void ShouldLog_RefusalsOfOneClientInOneWindow_OnlyTheFirst()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        var refusals = new RateLimitRefusalLog(clock);

        // Act
        var logged = Enumerable.Range(0, 1000).Count(i => refusals.ShouldLog("198.51.100.7", Minute, out _, out _));

        // Assert
        Assert.That(logged, Is.EqualTo(1));
    }

    [Test]
    public void ShouldLog_NextWindow_LogsAgainWithTheUnloggedCount()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        var refusals = new RateLimitRefusalLog(clock);
        for (var i = 0; i < 5; i++)
        {
            refusals.ShouldLog("198.51.100.7", Minute, out _, out _);
        }

        // Act
        clock.Advance(Minute - TimeSpan.FromSeconds(1));
        var beforeTheEnd = refusals.ShouldLog("198.51.100.7", TimeSpan.FromSeconds(1), out _, out _);
        clock.Advance(TimeSpan.FromSeconds(1));
        var next = refusals.ShouldLog("198.51.100.7", Minute, out var client, out var unlogged);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(beforeTheEnd, Is.False);
            Assert.That(next, Is.True);
            Assert.That(client, Is.EqualTo("198.51.100.7"));
            Assert.That(unlogged, Is.EqualTo(5), "4 after the first line, and the one just before the window ended");
        });
    }

    [Test]
    public void ShouldLog_ManyClients_EachOnceThenOneLineForAllBeyondTheCap()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        var refusals = new RateLimitRefusalLog(clock);

        // Act: twice as many clients as are tracked, each refused three times in the window.
        var names = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < RateLimitRefusalLog.MaxClients * 2; i++)
            {
                if (refusals.ShouldLog("client " + i, Minute, out var client, out _))
                {
                    names.Add(client);
                }
            }
        }

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(names, Has.Count.EqualTo(RateLimitRefusalLog.MaxClients + 1));
            Assert.That(names.Count(n => n == RateLimitRefusalLog.Others), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Callback_HammeredByTwoClients_OneWarningPerClient()
    {
        // Arrange
        var logs = new CapturingLoggerProvider();
        await using var host = await AmazonTestHost.StartAsync(new() { ["para:security:rate_limit:permit_limit"] = "2" }, logs);

        // Act: 50 requests from each of two addresses, 48 of each refused.
        var refused = 0;
        foreach (var address in new[] { "198.51.100.7", "198.51.100.8" })
        {
            for (var i = 0; i < 50; i++)
            {
                var context = await host.Server.SendAsync(c =>
                {
                    c.Request.Method = "GET";
                    c.Request.Path = "/amazon_auth";
                    c.Request.QueryString = new QueryString("?state=para");
                    c.Connection.RemoteIpAddress = IPAddress.Parse(address);
                });
                refused += context.Response.StatusCode == StatusCodes.Status429TooManyRequests ? 1 : 0;
            }
        }

        // Assert
        var lines = logs.Entries.Where(e => e.EventId.Name == "RateLimited").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(96));
            Assert.That(lines.Select(e => e.Get("Client")), Is.EqualTo(new[] { "198.51.100.7", "198.51.100.8" }));
            Assert.That(lines.Select(e => e.Level), Has.All.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
        });
    }
}
