// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Para.Security.Http;
using Polly;
using Polly.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers one named backchannel <c>HttpClient</c> per identity provider.</summary>
public static class BackchannelServiceCollectionExtensions
{
    /// <summary>The prefix of every backchannel client name: <c>para.backchannel.amazon</c>.</summary>
    public const string ClientNamePrefix = "para.backchannel.";

    /// <summary>
    /// Adds the named client <c>para.backchannel.{provider}</c> with a total timeout and a response size cap, and a
    /// resilience pipeline: retries with jittered back-off for GET only (never for the code-exchange POST), a circuit
    /// breaker per provider host, and a per-attempt timeout. The factory's default logging handlers are removed.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding <c>para.security.backchannel</c>.</param>
    /// <param name="provider">The provider name, e.g. <c>amazon</c>.</param>
    /// <returns>The client builder, for provider-specific additions.</returns>
    public static IHttpClientBuilder AddParaBackchannel(this IServiceCollection services, IConfiguration configuration, string provider)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);

        services.AddOptions<BackchannelOptions>().Bind(configuration.GetSection(BackchannelOptions.Section));
        var name = ClientNamePrefix + provider;
        var builder = services.AddHttpClient(name, (sp, client) =>
        {
            var options = sp.GetRequiredService<IOptions<BackchannelOptions>>().Value;
            client.MaxResponseContentBufferSize = options.MaxResponseBytes;
            // The total timeout. It bounds the whole call: every attempt and back-off of the resilience pipeline, and
            // the body, which HttpClient buffers after the pipeline has returned the headers, so a body that trickles
            // in cannot hold a sign-in open past it. The pipeline has no total timeout of its own: that would only
            // repeat this one, at the cost of one more strategy on every call (BackchannelBenchmarks).
            client.Timeout = options.TotalTimeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Para.Security/1.0");
        });

        // IHttpClientFactory's two logging handlers write four Information lines and open a logging scope on every call,
        // whatever the log level, at two more asynchronous layers per call. The filters log each call once instead, at
        // Debug (event OAuthBackchannelCall: provider, endpoint, status, time), and every failure at Warning; an app
        // that wants the factory's lines back calls AddDefaultLogger() on this builder. Polly's report of each successful
        // attempt goes down to Debug for the same reason (BackchannelTelemetrySeverity).
        builder.RemoveAllLoggers();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<TelemetryOptions>, BackchannelTelemetrySeverity>());
        builder.AddResilienceHandler(name, static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<BackchannelOptions>>().Value;
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.Retries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldRetryAfterHeader = true,
            };

            // RFC 6749 §10.5: an authorization code is single-use, so a POST is never sent twice.
            retry.DisableForUnsafeHttpMethods();
            if (options.Retries > 0)
            {
                pipeline.AddRetry(retry);
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                MinimumThroughput = 10,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is not null || args.Outcome.Result?.StatusCode >= HttpStatusCode.InternalServerError),
            });
            pipeline.AddTimeout(options.AttemptTimeout);
        }).SelectPipelineByAuthority();
        return builder;
    }
}
