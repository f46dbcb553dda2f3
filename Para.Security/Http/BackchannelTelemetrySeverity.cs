// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.Telemetry;

namespace Para.Security.Http;

/// <summary>
/// Lowers Polly's report of a backchannel attempt that succeeded (event <c>ExecutionAttempt</c>, not handled) from
/// Information to Debug, for the <c>para.backchannel.*</c> pipelines only: Polly would otherwise write one Information
/// line per call, beside the filters' own Debug line. Retries, timeouts and open circuits keep their severity.
/// A severity provider the app configured before this runs is asked for every other event; one the app configures
/// after it replaces it (<see cref="TelemetryOptions"/> is one instance for every pipeline of the app).
/// </summary>
internal sealed class BackchannelTelemetrySeverity : IConfigureOptions<TelemetryOptions>
{
    private const string ExecutionAttempt = "ExecutionAttempt";

    /// <inheritdoc />
    public void Configure(TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inner = options.SeverityProvider;
        options.SeverityProvider = args =>
            args.Event.Severity == ResilienceEventSeverity.Information
            && string.Equals(args.Event.EventName, ExecutionAttempt, StringComparison.Ordinal)
            && args.Source.PipelineName is { } pipeline
            && pipeline.StartsWith(BackchannelServiceCollectionExtensions.ClientNamePrefix, StringComparison.Ordinal)
                ? ResilienceEventSeverity.Debug
                : inner?.Invoke(args) ?? args.Event.Severity;
    }
}
