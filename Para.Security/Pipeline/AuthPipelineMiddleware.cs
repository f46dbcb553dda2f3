// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Para.Security.Pipeline.Results;

namespace Para.Security.Pipeline;

/// <summary>
/// Runs the <see cref="AuthPipeline"/> and is the only code that writes authentication responses. A request that no
/// filter's path matches goes straight to the next middleware without allocating.
/// </summary>
public sealed partial class AuthPipelineMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AuthPipeline _pipeline;
    private readonly ILogger<AuthPipelineMiddleware> _logger;

    /// <summary>Initializes a new instance of the <see cref="AuthPipelineMiddleware"/> class.</summary>
    /// <param name="next">The next middleware.</param>
    /// <param name="pipeline">The built pipeline.</param>
    /// <param name="logger">The logger.</param>
    public AuthPipelineMiddleware(RequestDelegate next, AuthPipeline pipeline, ILogger<AuthPipelineMiddleware> logger)
    {
        _next = next ?? throw new ArgumentNullException(nameof(next));
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Processes a request.</summary>
    /// <param name="httpContext">The request.</param>
    /// <returns>A task that completes when the request is handled or passed on.</returns>
    public Task InvokeAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var first = _pipeline.NextMatch(httpContext.Request.Path.Value.AsSpan(), 0);
        return first < 0 ? _next(httpContext) : RunAsync(httpContext, first);
    }

    private async Task RunAsync(HttpContext httpContext, int index)
    {
        var context = new AuthFilterContext(httpContext, httpContext.Request.Path);
        for (; index >= 0; index = _pipeline.NextMatch(context.Path.Value.AsSpan(), index + 1))
        {
            var descriptor = _pipeline.DescriptorAt(index);
            if (descriptor.IsActive is { } isActive && !isActive(httpContext))
            {
                continue;
            }

            AuthFilterResult result;
            try
            {
                result = await _pipeline.FilterAt(index, httpContext).InvokeAsync(context).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A filter bug must never reach the browser as a stack trace: log it, answer a Para error.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.FilterFailed(_logger, ex, descriptor.Name);
                await WriteErrorAsync(httpContext, new AuthError(StatusCodes.Status500InternalServerError, "Internal server error.", "PARASEC0500")).ConfigureAwait(false);
                return;
            }

            switch (result.Outcome)
            {
                case AuthFilterOutcome.Continue:
                    continue;
                case AuthFilterOutcome.Handled:
                    await result.Result!.ExecuteAsync(httpContext).ConfigureAwait(false);
                    return;
                case AuthFilterOutcome.Rejected:
                    Log.Rejected(_logger, descriptor.Name, result.Error!.ErrorCode, result.Error.StatusCode);
                    await WriteErrorAsync(httpContext, result.Error).ConfigureAwait(false);
                    return;
                default:
                    await _next(httpContext).ConfigureAwait(false);
                    return;
            }
        }

        await _next(httpContext).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext httpContext, AuthError error)
    {
        if (httpContext.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var result = new JsonResult(error.StatusCode, new JsonObject { ["code"] = error.StatusCode, ["message"] = error.Message });
        if (error.Headers is { } headers)
        {
            foreach (var header in headers)
            {
                result.Headers[header.Key] = header.Value;
            }
        }

        return result.ExecuteAsync(httpContext);
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Error, "Filter '{FilterName}' failed; answering 500.", EventName = "FilterFailed")]
        public static partial void FilterFailed(ILogger logger, Exception exception, string filterName);

        [LoggerMessage(1002, LogLevel.Debug, "Filter '{FilterName}' rejected the request with {ErrorCode} ({StatusCode}).", EventName = "FilterRejected")]
        public static partial void Rejected(ILogger logger, string filterName, string errorCode, int statusCode);
    }
}
