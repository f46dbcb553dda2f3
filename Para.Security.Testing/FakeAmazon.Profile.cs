// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Testing;

/// <content>The customer profile (<c>GET /user/profile</c>) and token info (<c>GET /auth/o2/tokeninfo</c>) endpoints.</content>
public sealed partial class FakeAmazon
{
    private const string Issuer = "https://www.amazon.com";

    private Reply HandleProfile(FakeAmazonRequest request, FakeAmazonScenario scenario)
    {
        // LWA takes the token from x-amz-access-token, a Bearer Authorization header, or ?access_token=.
        var token = request.GetHeader("x-amz-access-token");
        var authorization = request.GetHeader("Authorization");
        if (token is null && authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..].Trim();
        }

        token ??= request.GetQueryValue("access_token");
        if (!TryGetAccessGrant(token, out var grant, out var why))
        {
            return InvalidToken(why);
        }

        var scopes = grant.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var profile = scopes.Contains("profile", StringComparer.Ordinal);
        var account = grant.Account;
        var json = LwaJson.Object(
            ("user_id", scenario == FakeAmazonScenario.MissingUserId ? null : account.UserId),
            ("name", profile && scenario != FakeAmazonScenario.MissingName ? account.Name : null),
            ("email", profile && scenario != FakeAmazonScenario.MissingEmail ? account.Email : null),
            ("postal_code", scopes.Contains("postal_code", StringComparer.Ordinal) ? account.PostalCode : null));
        var note = scenario == FakeAmazonScenario.None ? string.Empty : $" ({scenario} scenario)";
        return Reply.Json(200, json, $"profile of {account.UserId} for scope '{grant.Scope}'{note}");
    }

    private Reply HandleTokenInfo(FakeAmazonRequest request, FakeAmazonScenario scenario)
    {
        if (!TryGetAccessGrant(request.GetQueryValue("access_token"), out var grant, out var why))
        {
            return InvalidToken(why);
        }

        var secondsLeft = (long)Math.Floor((grant.ExpiresAt - _time.GetUtcNow()).TotalSeconds);
        var json = LwaJson.Object(
            ("aud", grant.ClientId),
            ("user_id", scenario == FakeAmazonScenario.MissingUserId ? null : grant.Account.UserId),
            ("iss", Issuer),
            ("exp", secondsLeft),
            ("app_id", GetAppId(grant.ClientId)),
            ("iat", grant.IssuedAt.ToUnixTimeSeconds()));
        return Reply.Json(200, json, $"token info, aud {grant.ClientId}");
    }

    private bool TryGetAccessGrant(string? token, out AccessGrant grant, out string why)
    {
        grant = null!;
        if (string.IsNullOrEmpty(token))
        {
            why = "access token missing";
            return false;
        }

        if (!_accessTokens.TryGetValue(token, out var found))
        {
            why = "access token unknown or revoked";
            return false;
        }

        if (_time.GetUtcNow() >= found.ExpiresAt)
        {
            why = "access token expired";
            return false;
        }

        grant = found;
        why = string.Empty;
        return true;
    }

    private static Reply InvalidToken(string why) =>
        Reply.Json(400, LwaJson.Error("invalid_token", "The request has an invalid parameter : access_token"), "invalid_token: " + why);
}
