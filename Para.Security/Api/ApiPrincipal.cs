// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Para.Security.Authentication;
using Para.Security.Identity;

namespace Para.Security.Api;

/// <summary>Who calls an API endpoint, as <see cref="RestAuthFilter"/> and <see cref="JwtBearerAuthFilter"/> left it.</summary>
internal static class ApiPrincipal
{
    /// <summary>Returns the calling app when the caller is an app (a signed request or a super token), else <see langword="null"/>.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The app.</returns>
    public static ParaApp? App(HttpContext context) => ParaAuthentication.Get(context) is { User: null } auth ? auth.App : null;

    /// <summary>
    /// Returns the app whose settings the caller may edit (Para's <c>getPrincipalApp</c>): the calling app, or the app
    /// of an active admin user; else <see langword="null"/>.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The app.</returns>
    public static ParaApp? OwnApp(HttpContext context) => ParaAuthentication.Get(context) switch
    {
        { User: null } auth => auth.App,
        { User: { Active: true } user } auth when string.Equals(user.Groups, ParaGroups.Admins, StringComparison.Ordinal) => auth.App,
        _ => null,
    };
}
