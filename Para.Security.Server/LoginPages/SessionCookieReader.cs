// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Tokens;

namespace Para.Security.Server.LoginPages;

/// <summary>
/// Reads the auth cookie (<c>para.auth_cookie</c>) that a successful browser login sets, and validates its session JWT
/// with Para's rules: the unverified <c>appid</c> and <c>sub</c> claims select app and user, then
/// <see cref="ParaJwtValidator.ValidateUserTokenAsync"/> checks signature (app secret + user token secret) and lifetime.
/// </summary>
internal static class SessionCookieReader
{
    /// <summary>Returns the signed-in app and user, or <see langword="null"/> without a valid cookie.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The session, or <see langword="null"/>.</returns>
    public static async Task<(ParaApp App, ParaUser User)?> ReadAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var cookieName = services.GetRequiredService<ParaConfig>().Get("auth_cookie", "para-auth");
        if (context.Request.Cookies[cookieName] is not { Length: > 0 } cookie)
        {
            return null;
        }

        var token = await services.GetRequiredService<ParaJwtExtractor>().ResolveAsync(cookie, context.RequestAborted).ConfigureAwait(false);
        return token is { Kind: ParaBearerTokenKind.User, App: { } app, User: { Active: true } user }
            && await services.GetRequiredService<ParaJwtValidator>().ValidateUserTokenAsync(cookie, app, user).ConfigureAwait(false)
            ? (app, user)
            : null;
    }
}
