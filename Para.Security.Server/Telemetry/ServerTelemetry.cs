// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Para.Security.Diagnostics;

namespace Para.Security.Server.Telemetry;

/// <summary>
/// Wires the OpenTelemetry SDK (docs/observability.md): Para.Security's spans and metrics with ASP.NET Core's and
/// HttpClient's, exported over OTLP when <c>para.telemetry.otlp.enabled</c>. When it is off nothing is registered: no
/// SDK, no exporter, no listener, so the library's <see cref="ParaSecurityTelemetry.ActivitySource"/> starts no span.
/// </summary>
internal static class ServerTelemetry
{
    /// <summary>Adds the SDK with the OTLP exporter when the settings switch it on.</summary>
    /// <param name="services">The services.</param>
    /// <param name="settings">The telemetry settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddParaTelemetry(this IServiceCollection services, TelemetrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.OtlpEnabled)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName))
            .WithTracing(tracing => tracing.AddParaInstrumentation().AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = settings.Endpoint;
                otlp.Protocol = settings.Protocol;
            }))
            .WithMetrics(metrics => metrics.AddParaInstrumentation().AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = settings.Endpoint;
                otlp.Protocol = settings.Protocol;
            }));
        return services;
    }

    /// <summary>Listens to Para.Security's spans, and ASP.NET Core's and HttpClient's (query strings redacted by default).</summary>
    /// <param name="tracing">The tracer provider builder.</param>
    /// <returns>The builder.</returns>
    public static TracerProviderBuilder AddParaInstrumentation(this TracerProviderBuilder tracing) =>
        tracing.AddSource(ParaSecurityTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();

    /// <summary>Listens to Para.Security's metrics, and ASP.NET Core's and HttpClient's.</summary>
    /// <param name="metrics">The meter provider builder.</param>
    /// <returns>The builder.</returns>
    public static MeterProviderBuilder AddParaInstrumentation(this MeterProviderBuilder metrics) =>
        metrics.AddMeter(ParaSecurityTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
}
