// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Para.Security.Diagnostics;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// The OAuth filters' calls to a provider (token, profile, token info, JWKS, extra calls): through the provider's
/// named, resilient client (<c>para.backchannel.{provider}</c>: timeouts, size cap, retries of GETs only), one Debug
/// log line per call, and every transport or format failure mapped to a caller-chosen <c>PARASEC</c> code. The answer
/// may be any JSON value (arrays included) or a form-encoded body, which is read as a JSON object of strings.
/// </summary>
public sealed partial class OAuthBackchannel
{
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ParaSecurityTelemetry _telemetry;

    /// <summary>Initializes a new instance of the <see cref="OAuthBackchannel"/> class.</summary>
    /// <param name="clients">The HTTP client factory holding the providers' named clients.</param>
    /// <param name="time">The clock (call durations).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="telemetry">Records each call's duration in <c>para.backchannel.duration</c>.</param>
    public OAuthBackchannel(IHttpClientFactory clients, TimeProvider time, ILogger<OAuthBackchannel> logger, ParaSecurityTelemetry telemetry)
    {
        _telemetry = telemetry ?? throw new ArgumentNullException(nameof(telemetry));
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Sends a request and reads the answer as a JSON object (or a form-encoded body).</summary>
    /// <param name="provider">The provider name: selects its named client.</param>
    /// <param name="request">The request.</param>
    /// <param name="errorCode">The code of every failure.</param>
    /// <param name="what">What is called (<c>token</c>, <c>profile</c>, …), for the log and the failure detail.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The document (the caller disposes it), or a failure.</returns>
    public async Task<OAuthStepResult<JsonDocument>> GetObjectAsync(string provider, HttpRequestMessage request, string errorCode, string what, CancellationToken cancellationToken)
    {
        var result = await SendAsync(provider, request, errorCode, what, cancellationToken).ConfigureAwait(false);
        if (result.Value is { } document && document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} endpoint answered JSON that is not an object");
        }

        return result;
    }

    /// <summary>Sends a request and reads the answer as any JSON value (e.g. GitHub's array of emails), or a form-encoded body.</summary>
    /// <param name="provider">The provider name: selects its named client.</param>
    /// <param name="request">The request.</param>
    /// <param name="errorCode">The code of every failure.</param>
    /// <param name="what">What is called, for the log and the failure detail.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The document (the caller disposes it), or a failure.</returns>
    public async Task<OAuthStepResult<JsonDocument>> SendAsync(string provider, HttpRequestMessage request, string errorCode, string what, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(request);
        var client = _clients.CreateClient(BackchannelServiceCollectionExtensions.ClientNamePrefix + provider);
        var started = _time.GetTimestamp();
        int? answered = null;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            answered = status;
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
                var host = request.RequestUri?.Authority;
                Log.BackchannelCall(_logger, provider, what, host, status, elapsed);
            }

            // Para reads the body whatever the status (para-spec.md §3.1 step 7): an error body is JSON too.
            var document = IsFormEncoded(response) ? FormToJson(body) : TryParse(body);
            return document is null
                ? OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} endpoint answered HTTP {status} with a body that is not JSON")
                : OAuthStepResult.Success(document);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} call took longer than para.security.backchannel.total_timeout");
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} endpoint did not answer within para.security.backchannel.attempt_timeout");
        }
#pragma warning disable CA1031 // Network failures, timeouts, open circuits and size-cap breaches all end in the failure handler.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} call failed: {ex.GetType().Name}");
        }
        finally
        {
            _telemetry.BackchannelCalled(provider, what, answered, _time.GetElapsedTime(started));
        }
    }

    /// <summary>Cuts provider-supplied text short and strips control characters, so that it can go into a log line.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The log-safe text.</returns>
    public static string Sanitize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Length > 64 ? value[..64] : value;
        return string.Concat(text.Where(c => !char.IsControl(c)));
    }

    private static bool IsFormEncoded(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static JsonDocument? TryParse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // access_token=…&token_type=bearer (Facebook's and GitHub's older answers) becomes {"access_token":"…","token_type":"bearer"}.
    private static JsonDocument? FormToJson(byte[] body)
    {
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, true).GetString(body);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in QueryHelpers.ParseQuery(text))
            {
                writer.WriteString(key, value.ToString());
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3004, EventName = "OAuthBackchannelCall", Level = LogLevel.Debug, Message = "{Provider} {Endpoint} call to {Host} answered HTTP {StatusCode} in {ElapsedMilliseconds:0.0} ms.")]
        public static partial void BackchannelCall(ILogger logger, string provider, string endpoint, string? host, int statusCode, double elapsedMilliseconds);
    }
}
