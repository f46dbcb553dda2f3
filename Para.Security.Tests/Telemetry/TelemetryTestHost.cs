// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Para.Security.Server.Telemetry;
using Para.Security.Testing;
using Para.Security.Tests.Filters.Amazon;
using Para.Security.Tests.Filters.OAuth;

namespace Para.Security.Tests.Telemetry;

/// <summary>
/// The Amazon filter against a <see cref="FakeAmazon"/>, with the server's OpenTelemetry instrumentation
/// (<see cref="ServerTelemetry.AddParaInstrumentation(TracerProviderBuilder)"/>) exporting to in-memory lists.
/// </summary>
internal sealed class TelemetryTestHost : IAsyncDisposable
{
    private readonly ProviderTestHost _host;

    private TelemetryTestHost(ProviderTestHost host, FakeAmazon amazon, List<Activity> spans, List<Metric> metrics)
    {
        _host = host;
        Amazon = amazon;
        Spans = spans;
        Metrics = metrics;
    }

    public FakeAmazon Amazon { get; }

    public HttpClient Client => _host.Client;

    public IServiceProvider Services => _host.Services;

    /// <summary>Gets every span exported so far (a span is exported when it ends).</summary>
    public List<Activity> Spans { get; }

    /// <summary>Gets the metrics exported by <see cref="FlushMetrics"/>.</summary>
    public List<Metric> Metrics { get; }

    public static async Task<TelemetryTestHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var amazon = new FakeAmazon();
        amazon.AddClient(AmazonTestHost.RootClientId, AmazonTestHost.RootClientSecret, AmazonTestHost.Callback);
        var values = AmazonTestHost.Settings(amazon);
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var host = await ProviderTestHost.StartAsync(
            builder =>
            {
                builder.AddAmazon();
                builder.Services.AddOpenTelemetry()
                    .WithTracing(tracing => tracing.AddParaInstrumentation().AddInMemoryExporter(spans))
                    .WithMetrics(meters => meters.AddParaInstrumentation().AddInMemoryExporter(metrics));
            },
            values);
        return new TelemetryTestHost(host, amazon, spans, metrics);
    }

    /// <summary>Sends the callback the way a browser arrives from Amazon, with <paramref name="code"/>.</summary>
    public Task<HttpResponseMessage> CallbackAsync(string code) =>
        Client.GetAsync(new Uri("/amazon_auth?state=para&code=" + Uri.EscapeDataString(code), UriKind.Relative));

    /// <summary>Collects and exports the metrics now.</summary>
    public void FlushMetrics() => Services.GetRequiredService<MeterProvider>().ForceFlush();

    /// <summary>Gets the points of one metric, as tag dictionaries with the point.</summary>
    public IReadOnlyList<(Dictionary<string, object?> Tags, MetricPoint Point)> Points(string name)
    {
        var points = new List<(Dictionary<string, object?>, MetricPoint)>();
        foreach (var metric in Metrics.Where(metric => metric.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                points.Add((tags, point));
            }
        }

        return points;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await Amazon.DisposeAsync();
    }
}
