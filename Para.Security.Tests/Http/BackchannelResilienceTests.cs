// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Para.Security.Tests.Infrastructure;
using Polly;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Para.Security.Tests.Http;

public sealed class BackchannelResilienceTests
{
    private WireMockServer _server = null!;

    [SetUp]
    public void SetUp() => _server = WireMockServer.Start();

    [TearDown]
    public void TearDown() => _server.Dispose();

    [Test]
    public async Task Get_TransientFailureThenSuccess_IsRetried()
    {
        // Arrange: the first answer is 503, the second 200.
        StubProfileFailingOnce();
        using var services = Build();

        // Act
        using var response = await Client(services).GetAsync(new Uri(_server.Url + "/user/profile"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_server.LogEntries.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Post_TransientFailure_IsNeverRetried()
    {
        // Arrange: an authorization code is single-use; a second POST could spend it twice.
        _server.Given(Request.Create().WithPath("/auth/o2/token").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        using var services = Build();

        // Act
        using var response = await Client(services).PostAsync(new Uri(_server.Url + "/auth/o2/token"), new FormUrlEncodedContent([new("code", "c")]));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(_server.LogEntries.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Get_BodyLargerThanCap_Fails()
    {
        // Arrange
        _server.Given(Request.Create().WithPath("/big").UsingGet()).RespondWith(Response.Create().WithBody(new string('x', 4096)));
        using var services = Build(new() { ["para:security:backchannel:max_response_bytes"] = "1024" });

        // Act, Assert
        Assert.ThrowsAsync<HttpRequestException>(() => Client(services).GetStringAsync(new Uri(_server.Url + "/big")));
    }

    [Test]
    public void Get_SlowAnswer_TimesOutAfterTheAttemptTimeout()
    {
        // Arrange: a total timeout far above the attempt's, so that on a loaded machine it cannot win the race.
        _server.Given(Request.Create().WithPath("/slow").UsingGet()).RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(5)));
        using var services = Build(new()
        {
            ["para:security:backchannel:attempt_timeout"] = "00:00:00.200",
            ["para:security:backchannel:total_timeout"] = "00:00:30",
            ["para:security:backchannel:retries"] = "0",
        });

        // Act, Assert
        Assert.That(
            async () => await Client(services).GetAsync(new Uri(_server.Url + "/slow")),
            Throws.InstanceOf<Polly.Timeout.TimeoutRejectedException>());
    }

    [Test]
    public void Get_SlowOnEveryAttempt_StopsAtTheTotalTimeout()
    {
        // Arrange: eight attempts of 200 ms with exponential back-off from 200 ms in between would take about 27 s; the
        // total timeout is 600 ms. HttpClient's timeout runs on real time, so the bound below is generous (a loaded
        // two-core machine) and still far below the unbounded call.
        _server.Given(Request.Create().WithPath("/slow").UsingGet()).RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(5)));
        using var services = Build(new()
        {
            ["para:security:backchannel:attempt_timeout"] = "00:00:00.200",
            ["para:security:backchannel:total_timeout"] = "00:00:00.600",
            ["para:security:backchannel:retries"] = "7",
        });
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        // Act, Assert: HttpClient's own timeout ends the call, back-off and retries included.
        Assert.That(
            async () => await Client(services).GetAsync(new Uri(_server.Url + "/slow")),
            Throws.InstanceOf<TaskCanceledException>().With.InnerException.InstanceOf<TimeoutException>());
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(600 + 5000)), "bounded by the total timeout, with a margin for a shared machine");
    }

    [Test]
    public async Task Get_Answered_LogsNothingThroughTheClientFactoryWhileAPlainFactoryClientDoes()
    {
        // Arrange: the same capture at Trace for Para's backchannel and, as the control, a plain factory client.
        _server.Given(Request.Create().WithPath("/user/profile").UsingGet()).RespondWith(Response.Create().WithBody("{}"));
        using var logs = new CapturingLoggerProvider();
        using var provider = BuildLogged(logs, services => services.AddHttpClient("control"));

        // Act
        await GetAsync(Client(provider), "/user/profile");
        var backchannel = FactoryEntries(logs);
        await GetAsync(provider.GetRequiredService<IHttpClientFactory>().CreateClient("control"), "/user/profile");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(backchannel, Is.Empty, "the factory's logging handlers are removed from the backchannel");
            Assert.That(FactoryEntries(logs).Select(e => e.Category), Has.Some.StartsWith("System.Net.Http.HttpClient.control."), "the control client logs through the factory");
        });
    }

    [Test]
    public async Task Get_DefaultLoggerAddedBackAfterwards_LogsThroughTheClientFactoryAgain()
    {
        // Arrange: what docs/architecture.md tells an app that wants the factory's lines back.
        _server.Given(Request.Create().WithPath("/user/profile").UsingGet()).RespondWith(Response.Create().WithBody("{}"));
        using var logs = new CapturingLoggerProvider();
        using var provider = BuildLogged(logs, services => services.AddHttpClient(BackchannelServiceCollectionExtensions.ClientNamePrefix + "test").AddDefaultLogger());

        // Act
        await GetAsync(Client(provider), "/user/profile");

        // Assert
        Assert.That(FactoryEntries(logs).Select(e => e.Category), Has.Some.StartsWith("System.Net.Http.HttpClient.para.backchannel.test."));
    }

    [Test]
    public async Task Get_RetriedThenAnswered_PollyReportsTheRetryAtWarningAndTheSuccessAtDebugOnlyForTheBackchannel()
    {
        // Arrange: a 503 then a 200, for Para's backchannel and for a control pipeline of the app's own.
        StubProfileFailingOnce();
        _server.Given(Request.Create().WithPath("/control").UsingGet()).RespondWith(Response.Create().WithBody("{}"));
        using var logs = new CapturingLoggerProvider();
        using var provider = BuildLogged(logs, services => services.AddHttpClient("control").AddResilienceHandler("control", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions())));

        // Act
        await GetAsync(Client(provider), "/user/profile");
        await GetAsync(provider.GetRequiredService<IHttpClientFactory>().CreateClient("control"), "/control");

        // Assert
        var attempts = logs.Entries.Where(e => e.Category == "Polly" && e.EventId.Name == "ExecutionAttempt").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(attempts.Where(e => e.Message.Contains("para.backchannel.test", StringComparison.Ordinal)).Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Warning, LogLevel.Debug }));
            Assert.That(attempts.Where(e => e.Message.Contains("control", StringComparison.Ordinal)).Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Information }), "other pipelines keep Polly's severity");
        });
    }

    // The profile answers 503 once, then 200.
    private void StubProfileFailingOnce()
    {
        _server.Given(Request.Create().WithPath("/user/profile").UsingGet()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503));
        _server.Given(Request.Create().WithPath("/user/profile").UsingGet()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
    }

    // Para's backchannel "test" with every log entry captured at Trace, and whatever the test adds beside it.
    private static ServiceProvider BuildLogged(CapturingLoggerProvider logs, Action<IServiceCollection> add)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddParaBackchannel(new ConfigurationBuilder().Build(), "test");
        add(services);
        return services.BuildServiceProvider();
    }

    private async Task GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(_server.Url + path));
    }

    private static List<CapturedLogEntry> FactoryEntries(CapturingLoggerProvider logs) =>
        [.. logs.Entries.Where(e => e.Category.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal))];

    private static ServiceProvider Build(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        services.AddParaBackchannel(configuration, "test");
        return services.BuildServiceProvider();
    }

    private static HttpClient Client(ServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(BackchannelServiceCollectionExtensions.ClientNamePrefix + "test");
}
