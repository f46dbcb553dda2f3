// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;

namespace Para.Security.Pipeline.Results;

/// <summary>A response with a status code and no body (Para's empty 200s and 204s).</summary>
public sealed class StatusCodeResult : AuthResult
{
    /// <summary>Initializes a new instance of the <see cref="StatusCodeResult"/> class.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    public StatusCodeResult(int statusCode)
    {
        StatusCode = statusCode;
    }

    /// <summary>Gets the HTTP status.</summary>
    public int StatusCode { get; }

    /// <inheritdoc />
    protected internal override Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        WriteHeadersAndCookies(httpContext.Response);
        httpContext.Response.StatusCode = StatusCode;
        return Task.CompletedTask;
    }
}
