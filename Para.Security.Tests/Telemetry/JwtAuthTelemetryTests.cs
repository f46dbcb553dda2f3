// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using System.Net;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Para.Security.Diagnostics;
using Para.Security.Tests.Api;

namespace Para.Security.Tests.Telemetry;

/// <summary>The <c>signin</c> span of <c>POST /jwt_auth</c> on the server, read with the OpenTelemetry SDK's in-memory exporter.</summary>
[TestFixture]
internal sealed class JwtAuthTelemetryTests
{
    private readonly List<Activity> _spans = [];
    private TracerProvider _tracing = null!;

    // Always on: without ASP.NET Core's instrumentation the request's activity (made for log scopes) is not sampled,
    // and the default parent-based sampler would drop its children.
    [SetUp]
    public void SetUp()
    {
        _spans.Clear();
        _tracing = Sdk.CreateTracerProviderBuilder().SetSampler(new AlwaysOnSampler()).AddSource(ParaSecurityTelemetry.Name).AddInMemoryExporter(_spans).Build();
    }

    [TearDown]
    public void TearDown() => _tracing.Dispose();

    [Test]
    public async Task JwtAuth_AmazonToken_ProducesTheSignInSpanWithProfileProvisioningAndTokenIssue()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAmazonAppAsync("telemetry");
        var token = host.Amazon.IssueAccessToken(ApiTestHost.AppClientId);

        // Act
        var response = await host.PostJsonAsync("/jwt_auth", $"{{\"appid\":\"app:telemetry\",\"provider\":\"amazon\",\"token\":\"{token}\"}}");

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var signIn = _spans.Single(span => span.OperationName == ParaSecurityTelemetry.SignInSpan);
        Assert.Multiple(() =>
        {
            Assert.That(_spans.Where(span => span.ParentSpanId == signIn.SpanId).Select(span => span.OperationName), Is.EqualTo(new[]
            {
                ParaSecurityTelemetry.ProfileSpan, ParaSecurityTelemetry.ProvisioningSpan, ParaSecurityTelemetry.TokenIssueSpan,
            }));
            Assert.That(signIn.GetTagItem("para.provider"), Is.EqualTo("amazon"));
            Assert.That(signIn.GetTagItem("para.app_id"), Is.EqualTo("app:telemetry"));
            Assert.That(signIn.GetTagItem("para.outcome"), Is.EqualTo("success"));
            Assert.That(_spans.SelectMany(span => span.TagObjects).Select(tag => tag.Value as string), Has.None.EqualTo(token));
        });
    }

    [Test]
    public async Task JwtAuth_OverThePerAppLimit_CountsTheRefusalUnderItsPolicy()
    {
        // Arrange
        var metrics = new List<Metric>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(ParaSecurityTelemetry.Name).AddInMemoryExporter(metrics).Build();
        await using var host = await ApiTestHost.StartAsync(false, "--para.security.rate_limit.per_app_permit_limit=1");
        const string body = """{"appid":"app:myapp","provider":"passwordless","token":"not-a-token"}""";

        // Act
        await host.PostJsonAsync("/jwt_auth", body);
        var refused = await host.PostJsonAsync("/jwt_auth", body);
        meters.ForceFlush();

        // Assert
        var points = new List<string>();
        foreach (var metric in metrics.Where(metric => metric.Name == "para.ratelimit.refusals"))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    points.Add($"{tag.Key}={tag.Value} {point.GetSumLong()}");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(points, Is.EqualTo(new[] { "para.policy=per_app 1" }));
        });
    }

    [Test]
    public async Task JwtAuth_UnknownProvider_IsTaggedUnknownNotWithTheNameSent()
    {
        // Arrange
        await using var host = await ApiTestHost.StartAsync();
        await host.SetupAmazonAppAsync("telemetry");

        // Act
        await host.PostJsonAsync("/jwt_auth", "{\"appid\":\"app:telemetry\",\"provider\":\"attacker-chosen-name\",\"token\":\"t\"}");

        // Assert
        var signIn = _spans.Single(span => span.OperationName == ParaSecurityTelemetry.SignInSpan);
        Assert.Multiple(() =>
        {
            Assert.That(signIn.GetTagItem("para.provider"), Is.EqualTo(ParaSecurityTelemetry.UnknownProvider));
            Assert.That(signIn.GetTagItem("para.outcome"), Is.EqualTo("failure"));
            Assert.That(signIn.GetTagItem("para.error_code"), Is.EqualTo(ParaSecurityErrors.UnknownProvider));
        });
    }
}
