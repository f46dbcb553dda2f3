// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;

namespace Para.Security.Pipeline;

/// <summary>The per-request state handed to each <see cref="IAuthFilter"/>.</summary>
public sealed class AuthFilterContext
{
    /// <summary>Initializes a new instance of the <see cref="AuthFilterContext"/> class.</summary>
    /// <param name="httpContext">The request.</param>
    /// <param name="path">The request path relative to <c>para.context_path</c>.</param>
    public AuthFilterContext(HttpContext httpContext, PathString path)
    {
        HttpContext = httpContext ?? throw new ArgumentNullException(nameof(httpContext));
        Path = path;
    }

    /// <summary>Gets the request (read it; do not write the response).</summary>
    public HttpContext HttpContext { get; }

    /// <summary>Gets the request path relative to <c>para.context_path</c>.</summary>
    public PathString Path { get; }

    /// <summary>Gets the request's cancellation token.</summary>
    public CancellationToken RequestAborted => HttpContext.RequestAborted;
}
