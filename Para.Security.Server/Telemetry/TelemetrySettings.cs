// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using OpenTelemetry.Exporter;
using Para.Security.Configuration;

namespace Para.Security.Server.Telemetry;

/// <summary>
/// <c>para.telemetry</c>: whether the server exports its traces and metrics over OTLP (off by default), where to, and
/// under which service name. Every value is checked at start, switched on or not, so that a typo fails before the day
/// the exporter is switched on.
/// </summary>
/// <param name="OtlpEnabled"><c>para.telemetry.otlp.enabled</c>.</param>
/// <param name="Endpoint"><c>para.telemetry.otlp.endpoint</c>: the collector's absolute http(s) URL.</param>
/// <param name="Protocol"><c>para.telemetry.otlp.protocol</c>: <c>grpc</c> or <c>http/protobuf</c>.</param>
/// <param name="ServiceName"><c>para.telemetry.service_name</c>: the <c>service.name</c> resource attribute.</param>
internal sealed record TelemetrySettings(bool OtlpEnabled, Uri Endpoint, OtlpExportProtocol Protocol, string ServiceName)
{
    private const string Prefix = "telemetry.";

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="StartupConfigurationException">A value is malformed; the message names the key.</exception>
    public static TelemetrySettings Read(ParaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var enabled = ReadBoolean(config, "otlp.enabled");
        var endpointText = config.Get(Prefix + "otlp.endpoint", "http://localhost:4317");
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw Invalid("otlp.endpoint", endpointText, "is not an absolute http(s) URL: use e.g. http://localhost:4317 (gRPC) or http://localhost:4318/v1/traces (HTTP)");
        }

        var protocolText = config.Get(Prefix + "otlp.protocol", "grpc");
        var protocol = protocolText switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw Invalid("otlp.protocol", protocolText, "is not an OTLP protocol: use grpc or http/protobuf"),
        };

        var serviceName = config.Get(Prefix + "service_name", "para-security");
        return string.IsNullOrWhiteSpace(serviceName)
            ? throw Invalid("service_name", serviceName, "is empty: name the service, e.g. para-security")
            : new TelemetrySettings(enabled, endpoint, protocol, serviceName);
    }

    private static bool ReadBoolean(ParaConfig config, string key) => config.Get(Prefix + key) switch
    {
        null or "" => false,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw Invalid(key, text, "is not a boolean: use true or false"),
    };

    private static StartupConfigurationException Invalid(string key, string value, string problem) =>
        new($"para.{Prefix}{key} = \"{value}\" {problem} (set it in conf/application.conf or PARA_{(Prefix + key).Replace('.', '_').ToUpperInvariant()}).");
}
