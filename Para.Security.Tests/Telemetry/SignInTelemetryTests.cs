// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Diagnostics;
using Para.Security.Storage;
using Para.Security.Tests.Filters.Amazon;

namespace Para.Security.Tests.Telemetry;

/// <summary>The spans and metrics of a sign-in through the fake Amazon, read from the OpenTelemetry in-memory exporter.</summary>
[TestFixture]
internal sealed class SignInTelemetryTests
{
    private TelemetryTestHost _host = null!;

    [SetUp]
    public async Task SetUp() => _host = await TelemetryTestHost.StartAsync();

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    [Test]
    public async Task Callback_SignIn_ProducesTheSignInSpanWithOneChildPerStep()
    {
        // Act
        var response = await _host.CallbackAsync(_host.Amazon.IssueCode(AmazonTestHost.RootClientId, AmazonTestHost.Callback));

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var signIn = _host.Spans.Single(span => span.Source.Name == ParaSecurityTelemetry.Name && span.OperationName == ParaSecurityTelemetry.SignInSpan);
        var children = _host.Spans.Where(span => span.ParentSpanId == signIn.SpanId && span.Source.Name == ParaSecurityTelemetry.Name).Select(span => span.OperationName);
        Assert.Multiple(() =>
        {
            Assert.That(children, Is.EqualTo(new[]
            {
                ParaSecurityTelemetry.StateCheckSpan, ParaSecurityTelemetry.CodeExchangeSpan, ParaSecurityTelemetry.ProfileSpan,
                ParaSecurityTelemetry.ProvisioningSpan, ParaSecurityTelemetry.TokenIssueSpan,
            }));
            Assert.That(signIn.GetTagItem("para.provider"), Is.EqualTo("amazon"));
            Assert.That(signIn.GetTagItem("para.app_id"), Is.EqualTo("app:para"));
            Assert.That(signIn.GetTagItem("para.outcome"), Is.EqualTo("success"));
            Assert.That(signIn.GetTagItem("para.error_code"), Is.Null);
            Assert.That(signIn.Status, Is.EqualTo(ActivityStatusCode.Unset));
        });
    }

    [Test]
    public async Task Callback_SignIn_RecordsTheSignInBackchannelAndStoreMetrics()
    {
        // Act
        await _host.CallbackAsync(_host.Amazon.IssueCode(AmazonTestHost.RootClientId, AmazonTestHost.Callback));
        _host.FlushMetrics();

        // Assert
        var count = _host.Points("para.signin.count").Single();
        var duration = _host.Points("para.signin.duration").Single();
        var calls = _host.Points("para.backchannel.duration").Select(p => $"{p.Tags["para.provider"]} {p.Tags["para.endpoint"]} {p.Tags["para.status_class"]} {p.Point.GetHistogramCount()}");
        var stores = _host.Points("para.store.duration").Select(p => $"{p.Tags["para.store.operation"]} {p.Point.GetHistogramCount()}");
        Assert.Multiple(() =>
        {
            Assert.That(count.Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["para.provider"] = "amazon", ["para.outcome"] = "success" }));
            Assert.That(count.Point.GetSumLong(), Is.EqualTo(1));
            Assert.That(duration.Tags, Is.EquivalentTo(count.Tags));
            Assert.That(duration.Point.GetHistogramCount(), Is.EqualTo(1));
            Assert.That(calls, Is.EquivalentTo(new[] { "amazon token 2xx 1", "amazon profile 2xx 1" }));
            Assert.That(stores, Is.EquivalentTo(new[] { "user.find 1", "user.create 1" }));
        });
    }

    [Test]
    public async Task Callback_CodeRefused_RecordsAFailureWithItsErrorCode()
    {
        // Act: a code the fake Amazon never issued (it answers invalid_grant).
        await _host.CallbackAsync("not-a-code-amazon-issued");
        _host.FlushMetrics();

        // Assert
        var signIn = _host.Spans.Single(span => span.Source.Name == ParaSecurityTelemetry.Name && span.OperationName == ParaSecurityTelemetry.SignInSpan);
        var exchange = _host.Spans.Single(span => span.OperationName == ParaSecurityTelemetry.CodeExchangeSpan);
        var count = _host.Points("para.signin.count").Single();
        var code = ParaSecurityErrors.TokenRejected;
        Assert.Multiple(() =>
        {
            Assert.That(signIn.GetTagItem("para.outcome"), Is.EqualTo("failure"));
            Assert.That(signIn.GetTagItem("para.error_code"), Is.EqualTo(code));
            Assert.That(signIn.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(exchange.GetTagItem("para.error_code"), Is.EqualTo(code));
            Assert.That(count.Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["para.provider"] = "amazon", ["para.outcome"] = "failure", ["para.error_code"] = code }));
            Assert.That(_host.Points("para.backchannel.duration").Single().Tags["para.status_class"], Is.EqualTo("4xx"));
            Assert.That(_host.Spans.Any(span => span.OperationName == ParaSecurityTelemetry.ProvisioningSpan), Is.False);
        });
    }

    [Test]
    public async Task Callback_SignIn_PutsNoCodeTokenSecretEmailOrNameInAnyTag()
    {
        // Act
        var code = _host.Amazon.IssueCode(AmazonTestHost.RootClientId, AmazonTestHost.Callback);
        var response = await _host.CallbackAsync(code);
        _host.FlushMetrics();

        // Assert: every tag of every span (ours, ASP.NET Core's, HttpClient's) and of every metric point.
        var user = await _host.Services.GetRequiredService<IUserStore>().FindByIdentifierAsync("para", "az:" + _host.Amazon.DefaultAccount.UserId);
        var secrets = new[]
        {
            code, AmazonTestHost.RootClientSecret, user!.IdpAccessToken, user.IdpRefreshToken, user.TokenSecret, user.Email, user.Name,
        }.Concat(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Select(cookie => cookie.Split(';')[0].Split('=', 2)[1]) : [])
            .Where(secret => !string.IsNullOrEmpty(secret)).ToList();
        var values = _host.Spans.SelectMany(span => span.TagObjects.Select(tag => $"{span.OperationName} {tag.Key}={Convert.ToString(tag.Value, CultureInfo.InvariantCulture)}"))
            .Concat(_host.Metrics.Select(metric => metric.Name).Distinct().SelectMany(name => _host.Points(name).SelectMany(p => p.Tags.Select(tag => $"{name} {tag.Key}={tag.Value}"))))
            .ToList();
        Assert.That(secrets, Has.Count.GreaterThanOrEqualTo(7));
        Assert.That(values, Has.Some.Contains("http.").And.Some.Contains("para.provider=amazon"), "the scan sees the framework's tags and ours");
        foreach (var secret in secrets)
        {
            Assert.That(values, Has.None.Contains(secret!), "a tag holds a secret");
        }
    }
}
