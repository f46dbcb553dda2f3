// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Para.Security.Identity;
using Para.Security.Tokens;

namespace Para.Security.Json;

/// <summary>
/// Para's JSON shapes (para-spec.md §0.2, §5.7, §10): users and apps as Para serialises them (null members omitted,
/// secrets never included), token replies and error bodies.
/// </summary>
public static class ParaJson
{
    /// <summary>
    /// Serialises a user like Para's <c>User</c>: <c>id</c>, <c>timestamp</c>, <c>type</c> (<c>user</c>), <c>appid</c>,
    /// <c>updated</c>, <c>name</c>, <c>identifier</c>, <c>groups</c>, <c>active</c>, <c>email</c>, <c>picture</c> (with the
    /// getter default), <c>idpAccessToken</c>, <c>idpRefreshToken</c>, <c>idpIdToken</c>, <c>plural</c>, <c>objectURI</c>;
    /// null members are omitted. Never <c>tokenSecret</c> or a password.
    /// </summary>
    /// <param name="user">The user.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject User(ParaUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var json = new JsonObject
        {
            ["id"] = user.Id,
            ["timestamp"] = user.Timestamp,
            ["type"] = "user",
            ["appid"] = user.AppId,
        };
        AddIfNotNull(json, "updated", user.Updated);
        AddIfNotNull(json, "name", user.Name);
        AddIfNotNull(json, "identifier", user.Identifier);
        json["groups"] = user.Groups;
        json["active"] = user.Active;
        AddIfNotNull(json, "email", user.Email);
        json["picture"] = user.PictureOrDefault;
        AddIfNotNull(json, "idpAccessToken", user.IdpAccessToken);
        AddIfNotNull(json, "idpRefreshToken", user.IdpRefreshToken);
        AddIfNotNull(json, "idpIdToken", user.IdpIdToken);
        json["plural"] = "users";
        json["objectURI"] = "/users/" + Uri.EscapeDataString(user.Id);
        return json;
    }

    /// <summary>
    /// Serialises an app like Para's <c>App</c>: <c>id</c>, <c>timestamp</c>, <c>type</c> (<c>app</c>), <c>updated</c>,
    /// <c>name</c>, <c>creatorid</c>, <c>active</c>, <c>readOnly</c>, <c>tokenValiditySec</c>, <c>plural</c>,
    /// <c>objectURI</c>; null members are omitted. Never the secret or the settings (both <c>@JsonIgnore</c> in Para);
    /// use <see cref="SetupKeys"/> or <see cref="NewKeys"/> where Para hands out credentials.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject App(ParaApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var json = new JsonObject
        {
            ["id"] = app.Id,
            ["timestamp"] = app.Timestamp,
            ["type"] = "app",
        };
        AddIfNotNull(json, "updated", app.Updated);
        AddIfNotNull(json, "name", app.Name);
        AddIfNotNull(json, "creatorid", app.CreatorId);
        json["active"] = app.Active;
        json["readOnly"] = app.ReadOnly;
        AddIfNotNull(json, "tokenValiditySec", app.TokenValiditySec);
        json["plural"] = "apps";
        json["objectURI"] = "/apps/" + Uri.EscapeDataString(app.Id);
        return json;
    }

    /// <summary>Para's plain message body, <c>{"message":"…"}</c> (e.g. <c>All set!</c>).</summary>
    /// <param name="message">The message.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject Message(string message) => new() { ["message"] = message };

    /// <summary>Returns Para's error body <c>{"code":n,"message":"…"}</c>.</summary>
    /// <param name="code">The HTTP status.</param>
    /// <param name="message">The message.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject Error(int code, string message) => new()
    {
        ["code"] = code,
        ["message"] = message,
    };

    /// <summary>Returns the <c>jwt</c> member of a sign-in reply: <c>{"access_token":…,"refresh":ms,"expires":ms}</c> (integers).</summary>
    /// <param name="token">The issued token.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject Token(ParaTokenResult token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new JsonObject
        {
            ["access_token"] = token.AccessToken,
            ["refresh"] = token.Refresh,
            ["expires"] = token.Expires,
        };
    }

    /// <summary>Returns the sign-in and refresh reply of <c>/jwt_auth</c>: <c>{"jwt":{…},"user":{…}}</c> (§5.7).</summary>
    /// <param name="token">The issued session token.</param>
    /// <param name="user">The user.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject SignIn(ParaTokenResult token, ParaUser user) => new()
    {
        ["jwt"] = Token(token),
        ["user"] = User(user),
    };

    /// <summary>Returns the first-time reply of <c>GET /v1/_setup</c>: <c>{"accessKey","message","secretKey"}</c> (§10.1).</summary>
    /// <param name="accessKey">The app id.</param>
    /// <param name="secretKey">The app secret.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject SetupKeys(string accessKey, string secretKey) => new()
    {
        ["accessKey"] = accessKey,
        ["message"] = "Save these keys - they are shown only once!",
        ["secretKey"] = secretKey,
    };

    /// <summary>Returns the reply of <c>POST /v1/_newkeys</c>: <c>{"accessKey","secretKey","info"}</c> (§10.1).</summary>
    /// <param name="accessKey">The app id.</param>
    /// <param name="secretKey">The new app secret.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject NewKeys(string accessKey, string secretKey) => new()
    {
        ["accessKey"] = accessKey,
        ["secretKey"] = secretKey,
        ["info"] = "Save the secret key! It is showed only once!",
    };

    private static void AddIfNotNull(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    private static void AddIfNotNull(JsonObject json, string name, long? value)
    {
        if (value is not null)
        {
            json[name] = value.Value;
        }
    }
}
