// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.IdentityModel.JsonWebTokens;
using Para.Security.Identity;

namespace Para.Security.Tokens;

/// <summary>A token found on a request, with its app and user, <b>not yet validated</b> (para-spec.md §5.5).</summary>
public sealed class ParaBearerToken
{
    private ParaBearerToken(ParaBearerTokenKind kind, string? token, JsonWebToken? jwt, ParaApp? app, ParaUser? user)
    {
        Kind = kind;
        Token = token;
        Jwt = jwt;
        App = app;
        User = user;
    }

    /// <summary>Gets the "no token" value.</summary>
    public static ParaBearerToken None { get; } = new(ParaBearerTokenKind.None, null, null, null, null);

    /// <summary>Gets what the token is.</summary>
    public ParaBearerTokenKind Kind { get; }

    /// <summary>Gets the compact JWS, or <see langword="null"/> for <see cref="ParaBearerTokenKind.None"/>.</summary>
    public string? Token { get; }

    /// <summary>Gets the parsed (unverified) token.</summary>
    public JsonWebToken? Jwt { get; }

    /// <summary>Gets the token's app, read from the store.</summary>
    public ParaApp? App { get; }

    /// <summary>Gets the token's user, fresh from the store (user tokens only).</summary>
    public ParaUser? User { get; }

    /// <summary>Creates a user-token value.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="jwt">The parsed token.</param>
    /// <param name="app">The app.</param>
    /// <param name="user">The user.</param>
    /// <returns>The value.</returns>
    public static ParaBearerToken ForUser(string token, JsonWebToken jwt, ParaApp app, ParaUser user) =>
        new(ParaBearerTokenKind.User, token, jwt, app, user);

    /// <summary>Creates a super-token value.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="jwt">The parsed token.</param>
    /// <param name="app">The app.</param>
    /// <returns>The value.</returns>
    public static ParaBearerToken ForApp(string token, JsonWebToken jwt, ParaApp app) =>
        new(ParaBearerTokenKind.Super, token, jwt, app, null);
}
