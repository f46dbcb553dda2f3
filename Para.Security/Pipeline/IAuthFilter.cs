// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Pipeline;

/// <summary>
/// One step of the authentication pipeline. A filter decides; it never writes the HTTP response itself: it returns an
/// <see cref="AuthFilterResult"/> that <c>AuthPipelineMiddleware</c> turns into a response.
/// </summary>
public interface IAuthFilter
{
    /// <summary>Runs the filter for a request that its descriptor matched.</summary>
    /// <param name="context">The request context.</param>
    /// <returns>What to do next: continue the chain, or stop with a result or an error.</returns>
    ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context);
}
