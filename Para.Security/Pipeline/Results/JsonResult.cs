// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Para.Security.Pipeline.Results;

/// <summary>A JSON response with a status code (for example <c>/jwt_auth</c>'s sign-in reply).</summary>
public sealed class JsonResult : AuthResult
{
    /// <summary>Initializes a new instance of the <see cref="JsonResult"/> class.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The JSON body.</param>
    public JsonResult(int statusCode, JsonNode body)
    {
        StatusCode = statusCode;
        Body = body ?? throw new ArgumentNullException(nameof(body));
    }

    /// <summary>Gets the HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the JSON body.</summary>
    public JsonNode Body { get; }

    /// <inheritdoc />
    protected internal override async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        WriteHeadersAndCookies(response);
        response.StatusCode = StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(Body.ToJsonString(), httpContext.RequestAborted).ConfigureAwait(false);
    }
}
