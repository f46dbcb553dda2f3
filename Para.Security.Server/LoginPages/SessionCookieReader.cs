// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Tokens;

namespace Para.Security.Server.LoginPages;

/// <summary>
/// Reads the auth cookie (<c>para.auth_cookie</c>) that a successful browser login sets, and validates its session JWT
/// with Para's rules: the unverified <c>appid</c> and <c>sub</c> claims select app and user, then
/// <see cref="ParaJwtValidator.ValidateUserTokenAsync"/> checks signature (app secret + user token secret) and lifetime.
/// </summary>
internal static class SessionCookieReader
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Returns the signed-in app and user, or <see langword="null"/> without a valid cookie.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The session, or <see langword="null"/>.</returns>
    public static async Task<(ParaApp App, ParaUser User)?> ReadAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var cookieName = services.GetRequiredService<ParaConfig>().Get("auth_cookie", "para-auth");
        var token = context.Request.Cookies[cookieName];
        if (string.IsNullOrWhiteSpace(token) || !TryRead(token, out var jwt)
            || !jwt.TryGetPayloadValue<string>(ParaJwtClaimNames.AppId, out var appIdClaim)
            || ParaAppId.Normalize(appIdClaim) is not { } appId
            || !jwt.TryGetPayloadValue<string>(ParaJwtClaimNames.Subject, out var userId) || string.IsNullOrEmpty(userId))
        {
            return null;
        }

        var cancellationToken = context.RequestAborted;
        var app = await services.GetRequiredService<IAppStore>().FindAsync(appId, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return null;
        }

        var user = await services.GetRequiredService<IUserStore>().FindByIdAsync(app.Identifier, userId, cancellationToken).ConfigureAwait(false);
        if (user is null || !user.Active)
        {
            return null;
        }

        return await services.GetRequiredService<ParaJwtValidator>().ValidateUserTokenAsync(token, app, user).ConfigureAwait(false)
            ? (app, user)
            : null;
    }

    private static bool TryRead(string token, out JsonWebToken jwt)
    {
        jwt = null!;
        if (!Handler.CanReadToken(token))
        {
            return false;
        }

        try
        {
            jwt = Handler.ReadJsonWebToken(token);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (SecurityTokenException)
        {
            return false;
        }
    }
}
