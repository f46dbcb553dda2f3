// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;

namespace Para.Security.Pipeline.Results;

/// <summary>A 302 redirect (Para's success and failure handlers, §4).</summary>
public sealed class RedirectResult : AuthResult
{
    /// <summary>Initializes a new instance of the <see cref="RedirectResult"/> class.</summary>
    /// <param name="location">The <c>Location</c> header value, already context-prefixed when relative.</param>
    public RedirectResult(string location)
    {
        Location = location ?? throw new ArgumentNullException(nameof(location));
    }

    /// <summary>Gets the redirect target.</summary>
    public string Location { get; }

    /// <inheritdoc />
    protected internal override Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        WriteHeadersAndCookies(response);
        response.StatusCode = StatusCodes.Status302Found;
        response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
