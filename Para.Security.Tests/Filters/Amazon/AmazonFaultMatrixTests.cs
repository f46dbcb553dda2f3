// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using System.Net;
using Para.Security.Diagnostics;
using Para.Security.Testing;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Filters.Amazon;

/// <summary>
/// Every way Amazon's token and profile endpoints can misbehave ends in Para's failure redirect with the right
/// PARASEC code, within the backchannel's total timeout, never a 500 and never a second code exchange; transient
/// profile failures are retried; a failing provider host opens the circuit and later calls fail fast.
/// </summary>
public sealed class AmazonFaultMatrixTests
{
    // The timeouts are HttpClient's and Polly's, on real time (no clock to fake under a real socket), so the bounds are
    // wide: an attempt of 1 s leaves a loaded two-core machine room to answer a retry, and a call that the timeouts do
    // not end waits for the fake's FarTooSlow (or a 30 s Retry-After, or a body at 2.5 bytes a second), far past the
    // total timeout plus Margin.
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan FarTooSlow = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["para:security:backchannel:attempt_timeout"] = "00:00:01",
        ["para:security:backchannel:total_timeout"] = "00:00:03",
        ["para:security:backchannel:retries"] = "2",
    };

    private CapturingLoggerProvider _logs = null!;
    private AmazonTestHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _logs = new CapturingLoggerProvider();
        _host = await AmazonTestHost.StartAsync(Settings, _logs);
        _host.Amazon.SlowBodyInterval = TimeSpan.FromMilliseconds(400);
    }

    [TearDown]
    public async Task TearDown()
    {
        try
        {
            _host.Amazon.AssertNoUnmatchedRequests();
        }
        finally
        {
            await _host.DisposeAsync();
            _logs.Dispose();
        }
    }

    public static IEnumerable<TestCaseData> Faults()
    {
        var transport = new[]
        {
            FakeAmazonScenario.ServerError, FakeAmazonScenario.ServiceUnavailable, FakeAmazonScenario.TooManyRequests,
            FakeAmazonScenario.ConnectionReset, FakeAmazonScenario.SlowBody, FakeAmazonScenario.HtmlBody,
            FakeAmazonScenario.TruncatedJson, FakeAmazonScenario.LargeBody, FakeAmazonScenario.EmptyResponse,
            FakeAmazonScenario.MalformedChunk,
        };
        foreach (var scenario in transport)
        {
            yield return Case(FakeAmazonEndpoint.Token, scenario, ParaSecurityErrors.TokenEndpointFailed);
            yield return Case(FakeAmazonEndpoint.Profile, scenario, ParaSecurityErrors.ProfileEndpointFailed);
        }

        yield return Case(FakeAmazonEndpoint.Token, FakeAmazonScenario.InvalidGrant, ParaSecurityErrors.TokenRejected);
        yield return Case(FakeAmazonEndpoint.Token, FakeAmazonScenario.InvalidClient, ParaSecurityErrors.TokenRejected);
        yield return Case(FakeAmazonEndpoint.Profile, FakeAmazonScenario.MissingUserId, ParaSecurityErrors.ProfileMissingSubject);

        // Timeouts: the fake waits far longer than the attempt and the total timeout.
        yield return Case(FakeAmazonEndpoint.Token, FakeAmazonScenario.None, ParaSecurityErrors.TokenEndpointFailed, delay: true);
        yield return Case(FakeAmazonEndpoint.Profile, FakeAmazonScenario.None, ParaSecurityErrors.ProfileEndpointFailed, delay: true);

        static TestCaseData Case(FakeAmazonEndpoint endpoint, FakeAmazonScenario scenario, string code, bool delay = false) =>
            new TestCaseData(endpoint, scenario, delay, code).SetName($"{endpoint} {(delay ? "Timeout" : scenario.ToString())} -> {code}");
    }

    [TestCaseSource(nameof(Faults))]
    public async Task Callback_ProviderFault_RedirectsToSigninFailureWithTheCodeWithinTheTotalTimeout(
        FakeAmazonEndpoint endpoint, FakeAmazonScenario scenario, bool delay, string expectedCode)
    {
        // Arrange: the fault on every call (retries included) until the test ends.
        if (delay)
        {
            _host.Amazon.WithDelay(endpoint, FarTooSlow);
        }
        else
        {
            _host.Amazon.WithScenario(endpoint, scenario);
        }

        // Act
        var stopwatch = Stopwatch.StartNew();
        var response = await _host.CallbackAsync("state=para");
        stopwatch.Stop();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a failure redirect, never a 500");
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }), "the callback URL holds the code");
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(_logs.SignInFailureCodes, Is.EqualTo(new[] { expectedCode }));
            // The fake records a delayed request only once it answers, and a client that times out never sees the answer.
            Assert.That(_host.Amazon.TokenRequests, Has.Count.EqualTo(delay && endpoint == FakeAmazonEndpoint.Token ? 0 : 1), "the code is exchanged exactly once");
            Assert.That(stopwatch.Elapsed, Is.LessThan(TotalTimeout + Margin), "bounded by the total timeout");
            Assert.That(_logs.Failures, Is.Empty, "no exception escaped the filter");
        });
    }

    [TestCase(FakeAmazonEndpoint.Token, "the token endpoint did not answer within para.security.backchannel.attempt_timeout")]
    [TestCase(FakeAmazonEndpoint.Profile, "the profile call took longer than para.security.backchannel.total_timeout")]
    public async Task Callback_ProviderTooSlow_LogsWhichTimeoutEndedTheCall(FakeAmazonEndpoint endpoint, string detail)
    {
        // Arrange: the token POST is sent once, so its attempt timeout ends it; the profile's body trickles in after the
        // headers, past every attempt, so only the total timeout can end that call.
        if (endpoint == FakeAmazonEndpoint.Token)
        {
            _host.Amazon.WithDelay(endpoint, FarTooSlow);
        }
        else
        {
            _host.Amazon.WithScenario(endpoint, FakeAmazonScenario.SlowBody);
        }

        // Act
        var response = await _host.CallbackAsync("state=para");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(_logs.Entries.Single(e => e.EventId.Name == "SignInFailed").Get("Detail"), Is.EqualTo(detail));
        });
    }

    public static IEnumerable<TestCaseData> TransientProfileFaults()
    {
        foreach (var scenario in new[]
        {
            FakeAmazonScenario.ServerError, FakeAmazonScenario.ServiceUnavailable, FakeAmazonScenario.TooManyRequests,
            FakeAmazonScenario.ConnectionReset,
        })
        {
            yield return new TestCaseData(scenario, false).SetName($"Profile {scenario} once -> retried, signed in");
        }

        yield return new TestCaseData(FakeAmazonScenario.None, true).SetName("Profile Timeout once -> retried, signed in");
    }

    [TestCaseSource(nameof(TransientProfileFaults))]
    public async Task Callback_TransientProfileFaultOnce_IsRetriedAndSignsIn(FakeAmazonScenario scenario, bool delay)
    {
        // Arrange: one failure, then normal answers; Retry-After: 0 so the retry is not held back.
        _host.Amazon.RetryAfter = TimeSpan.Zero;
        if (delay)
        {
            _host.Amazon.WithDelay(FakeAmazonEndpoint.Profile, FarTooSlow, times: 1);
        }
        else
        {
            _host.Amazon.WithScenario(FakeAmazonEndpoint.Profile, scenario, times: 1);
        }

        // Act
        var response = await _host.CallbackAsync("state=para");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"), "signed in after the retry");
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(_host.Amazon.ProfileRequests, Has.Count.EqualTo(delay ? 1 : 2), "the timed-out attempt is not recorded, its retry is");
            Assert.That(_host.Amazon.TokenRequests, Has.Count.EqualTo(1));
            Assert.That(_logs.SignInFailureCodes, Is.Empty);
        });
    }

    [Test]
    public async Task Callback_TokenConnectionResetOnAPooledConnection_IsNotResent()
    {
        // Arrange: a first sign-in leaves a kept-alive connection to the fake, which the reset then breaks.
        await _host.CallbackAsync("state=para");
        _host.Amazon.WithScenario(FakeAmazonEndpoint.Token, FakeAmazonScenario.ConnectionReset, times: 1);

        // Act
        var response = await _host.CallbackAsync("state=para");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(_host.Amazon.TokenRequests, Has.Count.EqualTo(2), "one exchange per callback, none repeated by the HTTP stack");
            Assert.That(_logs.SignInFailureCodes, Is.EqualTo(new[] { ParaSecurityErrors.TokenEndpointFailed }));
        });
    }

    [Test]
    public async Task Callback_ProviderKeepsFailing_OpensTheCircuitAndLaterCallsFailFastWithoutReachingIt()
    {
        // Arrange: every profile call fails with a 500; each callback makes one token call and three profile attempts,
        // so the breaker (failure ratio 0.5, at least 10 calls) opens within a few callbacks.
        _host.Amazon.WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.ServerError);
        for (var i = 0; i < 5; i++)
        {
            await _host.CallbackAsync("state=para");
        }

        _host.Amazon.ClearRequests();
        _logs.Clear();

        // Act
        var stopwatch = Stopwatch.StartNew();
        var response = await _host.CallbackAsync("state=para");
        stopwatch.Stop();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/signin?error"));
            Assert.That(_host.Amazon.Requests, Is.Empty, "the open circuit stops the call before it leaves the process");
            Assert.That(_logs.SignInFailureCodes, Is.EqualTo(new[] { ParaSecurityErrors.TokenEndpointFailed }));
            Assert.That(_logs.Entries.Single(e => e.EventId.Name == "SignInFailed").Get("Detail"), Does.Contain("BrokenCircuitException"));
            Assert.That(stopwatch.Elapsed, Is.LessThan(TotalTimeout), "fails fast; that nothing reached the fake is the exact check");
        });
    }
}
