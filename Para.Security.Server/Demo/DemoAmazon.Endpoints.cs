// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Para.Security.Server.Demo;

/// <content>The four endpoints, answering as Login with Amazon does for what the Amazon filter sends.</content>
internal sealed partial class DemoAmazon
{
    private const string Issuer = "https://www.amazon.com";

    private const string SorryPage =
        "<!doctype html><html><head><title>Amazon</title></head><body><h4>We're sorry!</h4>"
        + "<p>An error occurred when we tried to process your request.</p></body></html>";

    private const string Html = "text/html; charset=utf-8";
    private const string Json = "application/json;charset=UTF-8";

    private static readonly string[] KnownScopes = ["profile", "profile:user_id", "postal_code"];

    // GET /ap/oa: a wrong client or return URL gets Amazon's error page, never a redirect; otherwise the page that
    // lists the pretend accounts, and a pick (fake_account) or a cancel (fake_decision=deny) goes back with a code or
    // an error, as Amazon's consent page does.
    private Task AuthorizeAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string? Get(string name) => query[name] is { Count: 1 } values ? values[0] : null;

        var redirectUri = Get("redirect_uri");
        if (Get("client_id") != _clientId || redirectUri is null || !_returnUrls.Contains(redirectUri, StringComparer.Ordinal))
        {
            return WriteAsync(context, StatusCodes.Status400BadRequest, Html, SorryPage);
        }

        var state = Get("state");
        var scope = Get("scope") ?? string.Empty;
        var challenge = Get("code_challenge");
        var method = challenge is null ? null : Get("code_challenge_method") ?? "plain";
        var error = Get("fake_decision") == "deny" ? "access_denied" : AuthorizeRequestError(Get("response_type"), scope, method);
        if (error is not null)
        {
            var description = error == "access_denied" ? "The user denied the request." : "The request has an invalid parameter";
            return Redirect(context, redirectUri, [new("error", error), new("error_description", description), new("state", state)]);
        }

        if (Get("fake_account") is not { } chosen)
        {
            return WriteAsync(context, StatusCodes.Status200OK, Html, ConsentPage(context.Request.Path + context.Request.QueryString));
        }

        if (_accounts.FirstOrDefault(a => a.UserId == chosen) is not { } account)
        {
            return WriteAsync(context, StatusCodes.Status400BadRequest, Html, SorryPage);
        }

        var issued = MintCode(redirectUri, scope, account, challenge, method);
        return Redirect(context, redirectUri, [new("code", issued), new("scope", scope), new("state", state)]);
    }

    private static string? AuthorizeRequestError(string? responseType, string scope, string? challengeMethod)
    {
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return responseType != "code" ? "unsupported_response_type"
            : scopes.Length == 0 || scopes.Any(s => !KnownScopes.Contains(s, StringComparer.Ordinal)) ? "invalid_scope"
            : challengeMethod is not (null or "S256" or "plain") ? "invalid_request"
            : null;
    }

    private string ConsentPage(string authorizeRequest)
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Amazon Sign-In (fake)</title></head><body>")
            .Append("<h1>Sign in with a pretend Amazon account</h1><ul>");
        foreach (var account in _accounts)
        {
            var href = QueryHelpers.AddQueryString(authorizeRequest, "fake_account", account.UserId);
            html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\">").Append(WebUtility.HtmlEncode(account.Name));
            if (account.Email is not null)
            {
                html.Append(" &lt;").Append(WebUtility.HtmlEncode(account.Email)).Append("&gt;");
            }

            html.Append("</a></li>");
        }

        var cancel = QueryHelpers.AddQueryString(authorizeRequest, "fake_decision", "deny");
        return html.Append("</ul><p><a href=\"").Append(WebUtility.HtmlEncode(cancel)).Append("\">Cancel</a></p></body></html>").ToString();
    }

    // POST /auth/o2/token: the authorization-code grant (RFC 6749 §4.1.3) with the client secret in the form or in
    // HTTP Basic (§2.3.1), and the PKCE verifier (RFC 7636 §4.6). A code is used up by its first exchange.
    private async Task TokenAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_request", "The request has an invalid parameter : Content-Type").ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string? Get(string name) => form[name] is { Count: 1 } values ? values[0] : null;
        var (clientId, clientSecret) = BasicCredentials(context.Request) ?? (Get("client_id"), Get("client_secret"));
        if (Get("grant_type") != "authorization_code")
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server").ConfigureAwait(false);
        }
        else if (clientId != _clientId || clientSecret is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(_clientSecret)))
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed").ConfigureAwait(false);
        }
        else if (Get("code") is not { } code || !_codes.TryRemove(code, out var grant) || _time.GetUtcNow() >= grant.ExpiresAt
            || Get("redirect_uri") != grant.RedirectUri || !VerifierMatches(grant, Get("code_verifier")))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_grant", "The request has an invalid grant parameter : code").ConfigureAwait(false);
        }
        else
        {
            var tokens = new JsonObject
            {
                ["access_token"] = MintAccessToken(grant.Scope, grant.Account),
                ["refresh_token"] = NewToken("Atzr|demo"),
                ["token_type"] = "bearer",
                ["expires_in"] = (long)AccessTokenLifetime.TotalSeconds,
            };
            await WriteAsync(context, StatusCodes.Status200OK, Json, tokens.ToJsonString()).ConfigureAwait(false);
        }
    }

    // GET /user/profile: the token from x-amz-access-token (what Para sends), a Bearer header or ?access_token=.
    private Task ProfileAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var token = request.Headers["x-amz-access-token"] is { Count: 1 } header ? header[0]
            : authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim()
            : request.Query["access_token"].FirstOrDefault();
        if (!TryGetAccessGrant(token, out var grant))
        {
            return InvalidTokenAsync(context);
        }

        var scopes = grant.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var profile = scopes.Contains("profile", StringComparer.Ordinal);
        var json = new JsonObject { ["user_id"] = grant.Account.UserId };
        if (profile)
        {
            json["name"] = grant.Account.Name;
            if (grant.Account.Email is not null)
            {
                json["email"] = grant.Account.Email;
            }
        }

        if (scopes.Contains("postal_code", StringComparer.Ordinal) && grant.Account.PostalCode is not null)
        {
            json["postal_code"] = grant.Account.PostalCode;
        }

        return WriteAsync(context, StatusCodes.Status200OK, Json, json.ToJsonString());
    }

    // GET /auth/o2/tokeninfo?access_token=: what the Amazon filter checks a client-supplied token's audience with.
    private Task TokenInfoAsync(HttpContext context)
    {
        if (!TryGetAccessGrant(context.Request.Query["access_token"].FirstOrDefault(), out var grant))
        {
            return InvalidTokenAsync(context);
        }

        var json = new JsonObject
        {
            ["aud"] = _clientId,
            ["user_id"] = grant.Account.UserId,
            ["iss"] = Issuer,
            ["exp"] = (long)Math.Floor((grant.ExpiresAt - _time.GetUtcNow()).TotalSeconds),
            ["iat"] = grant.IssuedAt.ToUnixTimeSeconds(),
        };
        return WriteAsync(context, StatusCodes.Status200OK, Json, json.ToJsonString());
    }

    private static bool VerifierMatches(CodeGrant grant, string? verifier) => grant.Challenge is null
        || (verifier is not null && (grant.ChallengeMethod == "plain" ? verifier : Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))) == grant.Challenge);

    private static (string? ClientId, string? Secret)? BasicCredentials(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim())).Split(':', 2);
            return pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : (null, null);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private static Task Redirect(HttpContext context, string redirectUri, KeyValuePair<string, string?>[] parameters)
    {
        context.Response.Redirect(QueryHelpers.AddQueryString(redirectUri, parameters.Where(p => p.Value is not null)));
        return Task.CompletedTask;
    }

    private static Task InvalidTokenAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_token", "The request has an invalid parameter : access_token");

    // LWA's error JSON: error_description first.
    private static Task ErrorAsync(HttpContext context, int status, string error, string description) =>
        WriteAsync(context, status, Json, new JsonObject { ["error_description"] = description, ["error"] = error }.ToJsonString());

    private static Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
