// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text.Json;
using Para.Security.Diagnostics;

namespace Para.Security.Filters.OAuth;

/// <summary>Reads a token endpoint's answer (RFC 6749 §5.1–5.2): the tokens, or the provider's <c>error</c> as a failure.</summary>
internal static class OAuthTokenResponse
{
    /// <summary>Reads the tokens; an answer without <c>access_token</c> is <c>PARASEC1005</c> (Para: "no auth").</summary>
    /// <param name="root">The answer, JSON or form-encoded (read as an object of strings).</param>
    /// <returns>The tokens, or a failure.</returns>
    public static OAuthStepResult<OAuthTokens> Read(JsonElement root)
    {
        var accessToken = GetString(root, "access_token");
        if (string.IsNullOrEmpty(accessToken))
        {
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.ToString() : "no access_token";
            return OAuthStepResult.Failure<OAuthTokens>(ParaSecurityErrors.TokenRejected, "the token endpoint answered " + OAuthBackchannel.Sanitize(error));
        }

        return OAuthStepResult.Success(new OAuthTokens(accessToken, GetString(root, "refresh_token"), ReadExpiresIn(root), GetString(root, "id_token")));
    }

    private static string? GetString(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? ReadExpiresIn(JsonElement root)
    {
        // Amazon documents a number; some clients of it have seen a numeric string. Accept both.
        if (!root.TryGetProperty("expires_in", out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }
}
