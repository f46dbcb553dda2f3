// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;

namespace Para.Security.Handlers;

/// <summary>
/// What a filter established about an auth request from a source Para does not know, such as a sealed OAuth
/// <c>state</c>. When present, it wins over Para's parameter rules for the app id and the host URL.
/// </summary>
/// <param name="AppId">The app id (or identifier) the request belongs to.</param>
/// <param name="HostUrl">The host URL to return to, if the flow carried one.</param>
public sealed record AuthRequestState(string AppId, string? HostUrl)
{
    /// <summary>Attaches the state to a request.</summary>
    /// <param name="context">The request.</param>
    public void Attach(HttpContext context) => context?.Features.Set(this);

    /// <summary>Gets the state attached to a request, if any.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The state, or <see langword="null"/>.</returns>
    public static AuthRequestState? Of(HttpRequest request) => request?.HttpContext.Features.Get<AuthRequestState>();
}
