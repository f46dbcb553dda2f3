// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Para.Security.Identity;

namespace Para.Security.Authentication;

/// <summary>
/// Who a <c>/v1</c> request is, as established by <see cref="JwtBearerAuthFilter"/>: a user (user token) or an app
/// (super token). Stored as a request feature; read it with <see cref="Get"/>.
/// </summary>
public sealed class ParaAuthentication
{
    /// <summary>Gets the authenticated app (the user's app for user tokens).</summary>
    public required ParaApp App { get; init; }

    /// <summary>Gets the authenticated user, or <see langword="null"/> for an app (super token).</summary>
    public ParaUser? User { get; init; }

    /// <summary>Gets the request's authentication, if any.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The authentication, or <see langword="null"/>.</returns>
    public static ParaAuthentication? Get(HttpContext context) => context?.Features.Get<ParaAuthentication>();
}
