// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Para.Security.Json;

namespace Para.Security.Api;

/// <summary>Para's JSON answers for the API endpoints; every error is logged with its stable code.</summary>
internal static partial class ApiResults
{
    /// <summary>Para's empty 200 (never 204: ParaClient treats 204 as a failure).</summary>
    public static IResult EmptyOk { get; } = Results.StatusCode(StatusCodes.Status200OK);

    /// <summary>Returns Para's <c>{"code":n,"message":…}</c> with that status, and logs the code.</summary>
    /// <param name="context">The request.</param>
    /// <param name="status">The status.</param>
    /// <param name="message">The message.</param>
    /// <param name="errorCode">The stable error code.</param>
    /// <returns>The result.</returns>
    public static IResult Error(HttpContext context, int status, string message, string errorCode)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Para.Security.Api");
        Log.Rejected(logger, errorCode, status);
        return Results.Json(ParaJson.Error(status, message), statusCode: status);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, EventName = "ApiEndpointRejected", Level = LogLevel.Information, Message = "API endpoint answered {StatusCode} with {ErrorCode}.")]
        public static partial void Rejected(ILogger logger, string errorCode, int statusCode);
    }
}
