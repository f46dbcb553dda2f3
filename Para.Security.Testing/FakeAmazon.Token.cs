// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;

namespace Para.Security.Testing;

/// <content>The token endpoint, <c>POST /auth/o2/token</c>: code and refresh-token grants (RFC 6749 §4.1.3, §6).</content>
public sealed partial class FakeAmazon
{
    private const string InvalidCodeGrant = "The request has an invalid grant parameter : code";

    private Reply HandleToken(FakeAmazonRequest request, FakeAmazonScenario scenario)
    {
        var contentType = request.GetHeader("Content-Type");
        if (contentType is null || !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return InvalidRequest("The request has an invalid parameter : Content-Type", $"Content-Type is {contentType ?? "missing"}");
        }

        var duplicate = request.Form.GroupBy(f => f.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return InvalidRequest($"The request has a duplicate parameter : {duplicate.Key}", "duplicate parameter");
        }

        var grantType = request.GetFormValue("grant_type");
        if (string.IsNullOrEmpty(grantType))
        {
            return Missing("grant_type");
        }

        var credentials = ReadClientCredentials(request, out var failure);
        if (failure is not null)
        {
            return failure;
        }

        return grantType switch
        {
            "authorization_code" => ExchangeCode(request, credentials),
            "refresh_token" => Refresh(request, credentials),
            _ => Reply.Json(400, LwaJson.ErrorFirst("unsupported_grant_type", "The authorization grant type is not supported by the authorization server"), $"grant_type {grantType}"),
        };
    }

    private Reply ExchangeCode(FakeAmazonRequest request, ClientCredentials credentials)
    {
        var code = request.GetFormValue("code");
        if (string.IsNullOrEmpty(code))
        {
            return Missing("code");
        }

        // The first exchange attempt uses the code up, whatever its outcome; a second use also revokes what it minted.
        if (!_codes.TryRemove(code, out var grant))
        {
            if (_usedCodes.TryGetValue(code, out var earlier))
            {
                foreach (var token in earlier)
                {
                    _accessTokens.TryRemove(token, out _);
                    _refreshTokens.TryRemove(token, out _);
                }

                return InvalidGrant("code already used (tokens minted from it are revoked)");
            }

            return InvalidGrant("code unknown");
        }

        var minted = _usedCodes.GetOrAdd(code, _ => []);
        var publicClient = credentials.Secret is null && grant.CodeChallenge is not null;
        if (!Authenticate(credentials, allowPublic: publicClient, out var clientFailure))
        {
            return clientFailure!;
        }

        if (!string.Equals(grant.ClientId, credentials.ClientId, StringComparison.Ordinal))
        {
            return InvalidGrant("code was issued to another client");
        }

        if (_time.GetUtcNow() >= grant.ExpiresAt)
        {
            return InvalidGrant("code expired");
        }

        var redirectUri = request.GetFormValue("redirect_uri");
        if (redirectUri is null)
        {
            return Missing("redirect_uri");
        }

        if (!string.Equals(redirectUri, grant.RedirectUri, StringComparison.Ordinal))
        {
            return InvalidGrant($"redirect_uri differs from the authorize request's ({grant.RedirectUri})");
        }

        if (grant.CodeChallenge is not null)
        {
            var verifier = request.GetFormValue("code_verifier");
            if (string.IsNullOrEmpty(verifier))
            {
                return InvalidGrant("code_verifier missing for a PKCE code");
            }

            var computed = grant.CodeChallengeMethod == "plain" ? verifier : CreateS256Challenge(verifier);
            if (!string.Equals(computed, grant.CodeChallenge, StringComparison.Ordinal))
            {
                return InvalidGrant("code_verifier does not match code_challenge");
            }
        }

        var accessToken = MintAccessToken(grant.ClientId, grant.Scope, grant.Account);
        minted.Add(accessToken);
        string? refreshToken = null;
        if (credentials.Secret is not null)
        {
            refreshToken = MintRefreshToken(grant.ClientId, grant.Scope, grant.Account);
            minted.Add(refreshToken);
        }

        return TokenReply(accessToken, refreshToken, $"tokens for {grant.Account.UserId}");
    }

    private Reply Refresh(FakeAmazonRequest request, ClientCredentials credentials)
    {
        var refreshToken = request.GetFormValue("refresh_token");
        if (string.IsNullOrEmpty(refreshToken))
        {
            return Missing("refresh_token");
        }

        if (!Authenticate(credentials, allowPublic: false, out var clientFailure))
        {
            return clientFailure!;
        }

        if (!_refreshTokens.TryGetValue(refreshToken, out var grant) || !string.Equals(grant.ClientId, credentials.ClientId, StringComparison.Ordinal))
        {
            return Reply.Json(400, LwaJson.Error("invalid_grant", "The request has an invalid grant parameter : refresh_token"), "refresh_token unknown, revoked or another client's");
        }

        var accessToken = MintAccessToken(grant.ClientId, grant.Scope, grant.Account);
        var newRefreshToken = MintRefreshToken(grant.ClientId, grant.Scope, grant.Account);
        return TokenReply(accessToken, newRefreshToken, $"refreshed for {grant.Account.UserId}");
    }

    private Reply TokenReply(string accessToken, string? refreshToken, string diagnostic) =>
        Reply.Json(
            200,
            LwaJson.Object(
                ("access_token", accessToken),
                ("token_type", "bearer"),
                ("expires_in", (long)AccessTokenLifetime.TotalSeconds),
                ("refresh_token", refreshToken)),
            diagnostic);

    /// <summary>Client credentials from HTTP Basic (RFC 6749 §2.3.1, form-decoded) or the form; one method only.</summary>
    private static ClientCredentials ReadClientCredentials(FakeAmazonRequest request, out Reply? failure)
    {
        failure = null;
        var formId = request.GetFormValue("client_id");
        var formSecret = request.GetFormValue("client_secret");
        var authorization = request.GetHeader("Authorization");
        if (authorization is not null && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            }
            catch (FormatException)
            {
                failure = ClientAuthFailed(basic: true, "Basic credentials are not base64");
                return default;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                failure = ClientAuthFailed(basic: true, "Basic credentials lack ':'");
                return default;
            }

            if (formSecret is not null)
            {
                failure = InvalidRequest("The request uses more than one client authentication method", "both Basic and client_secret");
                return default;
            }

            var basicId = FormUrlEncoding.Decode(decoded[..colon]);
            if (formId is not null && !string.Equals(formId, basicId, StringComparison.Ordinal))
            {
                failure = ClientAuthFailed(basic: true, "client_id differs from the Basic user name");
                return default;
            }

            return new ClientCredentials(basicId, FormUrlEncoding.Decode(decoded[(colon + 1)..]), Basic: true);
        }

        if (string.IsNullOrEmpty(formId))
        {
            failure = Missing("client_id");
            return default;
        }

        return new ClientCredentials(formId, formSecret, Basic: false);
    }

    private bool Authenticate(ClientCredentials credentials, bool allowPublic, out Reply? failure)
    {
        failure = null;
        if (!_clients.TryGetValue(credentials.ClientId, out var client))
        {
            failure = ClientAuthFailed(credentials.Basic, "unknown client_id");
            return false;
        }

        if (credentials.Secret is null)
        {
            if (allowPublic)
            {
                return true;
            }

            failure = ClientAuthFailed(credentials.Basic, "client_secret missing");
            return false;
        }

        if (!string.Equals(credentials.Secret, client.ClientSecret, StringComparison.Ordinal))
        {
            failure = ClientAuthFailed(credentials.Basic, "wrong client_secret");
            return false;
        }

        return true;
    }

    private static Reply ClientAuthFailed(bool basic, string why)
    {
        var reply = Reply.Json(401, LwaJson.Error("invalid_client", "Client authentication failed"), "invalid_client: " + why);
        return basic ? reply.WithHeader("WWW-Authenticate", "Basic realm=\"amazon\"") : reply;
    }

    private static Reply InvalidGrant(string why) =>
        Reply.Json(400, LwaJson.Error("invalid_grant", InvalidCodeGrant), "invalid_grant: " + why);

    private static Reply InvalidRequest(string description, string why) =>
        Reply.Json(400, LwaJson.ErrorFirst("invalid_request", description), "invalid_request: " + why);

    private static Reply Missing(string parameter) =>
        InvalidRequest($"The request is missing a required parameter : {parameter}", parameter + " missing");

    private string MintAccessToken(string clientId, string scope, FakeAmazonAccount account)
    {
        var now = _time.GetUtcNow();
        var token = RandomToken("Atza|IwEB", 288);
        _accessTokens[token] = new AccessGrant(clientId, scope, account, now, now + AccessTokenLifetime);
        return token;
    }

    private string MintRefreshToken(string clientId, string scope, FakeAmazonAccount account)
    {
        var token = RandomToken("Atzr|IwEB", 288);
        _refreshTokens[token] = new RefreshGrant(clientId, scope, account);
        return token;
    }

    private readonly record struct ClientCredentials(string ClientId, string? Secret, bool Basic);
}
