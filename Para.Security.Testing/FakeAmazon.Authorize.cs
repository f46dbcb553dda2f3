// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text;

namespace Para.Security.Testing;

/// <content>The browser authorization endpoint, <c>GET /ap/oa</c>.</content>
public sealed partial class FakeAmazon
{
    private static readonly string[] KnownScopes = ["profile", "profile:user_id", "postal_code"];

    private Reply HandleAuthorize(FakeAmazonRequest request, FakeAmazonScenario scenario)
    {
        string? Get(string name) => request.GetQueryValue(name);

        // A wrong client or return URL gets Amazon's own error page, never a redirect.
        var clientId = Get("client_id");
        if (string.IsNullOrEmpty(clientId) || !_clients.TryGetValue(clientId, out var client))
        {
            return SorryReply("unknown client_id");
        }

        var redirectUri = Get("redirect_uri");
        if (string.IsNullOrEmpty(redirectUri) || !client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return SorryReply("redirect_uri is not an allowed return URL of the client");
        }

        var state = Get("state");
        if (scenario == FakeAmazonScenario.AccessDenied || Get("fake_decision") == "deny")
        {
            return RedirectError(redirectUri, state, "access_denied", "The user denied the request.");
        }

        var responseType = Get("response_type");
        if (string.IsNullOrEmpty(responseType))
        {
            return RedirectError(redirectUri, state, "invalid_request", "The request is missing a required parameter : response_type");
        }

        if (responseType != "code")
        {
            return RedirectError(redirectUri, state, "unsupported_response_type", "The authorization server does not support this response type.");
        }

        var scope = Get("scope");
        if (string.IsNullOrWhiteSpace(scope))
        {
            return RedirectError(redirectUri, state, "invalid_request", "The request is missing a required parameter : scope");
        }

        if (scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(s => !KnownScopes.Contains(s, StringComparer.Ordinal)))
        {
            return RedirectError(redirectUri, state, "invalid_scope", "An unknown scope was requested");
        }

        var challenge = Get("code_challenge");
        var method = challenge is null ? null : Get("code_challenge_method") ?? "plain";
        if (method is not (null or "S256" or "plain"))
        {
            return RedirectError(redirectUri, state, "invalid_request", "The request has an invalid parameter : code_challenge_method");
        }

        FakeAmazonAccount account;
        var chosen = Get("fake_account");
        if (chosen is not null)
        {
            if (!_accounts.TryGetValue(chosen, out var found))
            {
                return SorryReply("unknown fake_account");
            }

            account = found;
        }
        else if (ShowConsentPage)
        {
            return ConsentPage(request);
        }
        else
        {
            account = Interlocked.Exchange(ref _nextAccount, null) ?? DefaultAccount;
        }

        var code = MintCode(clientId, redirectUri, scope, account, challenge, method);
        var query = new StringBuilder("code=").Append(FormUrlEncoding.Encode(code))
            .Append("&scope=").Append(FormUrlEncoding.Encode(scope));
        if (state is not null)
        {
            query.Append("&state=").Append(FormUrlEncoding.Encode(state));
        }

        return Reply.Redirect(AppendQuery(redirectUri, query.ToString()), $"code issued for {account.UserId}");
    }

    private static Reply SorryReply(string why) =>
        Reply.Html(400, SorryPage.Replace("</body>", $"<!-- FakeAmazon: {WebUtility.HtmlEncode(why)} --></body>", StringComparison.Ordinal), why);

    private static Reply RedirectError(string redirectUri, string? state, string error, string description)
    {
        var query = new StringBuilder("error=").Append(FormUrlEncoding.Encode(error))
            .Append("&error_description=").Append(FormUrlEncoding.Encode(description));
        if (state is not null)
        {
            query.Append("&state=").Append(FormUrlEncoding.Encode(state));
        }

        return Reply.Redirect(AppendQuery(redirectUri, query.ToString()), error);
    }

    private static string AppendQuery(string uri, string query)
    {
        var separator = uri.EndsWith('?') || uri.EndsWith('&') ? string.Empty : uri.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return uri + separator + query;
    }

    private Reply ConsentPage(FakeAmazonRequest request)
    {
        var baseHref = AuthorizePath + "?" + request.RawQuery + "&";
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Amazon Sign-In (fake)</title></head><body>")
            .Append("<h1>Sign in with a pretend Amazon account</h1><ul>");
        foreach (var account in Accounts)
        {
            var href = baseHref + "fake_account=" + FormUrlEncoding.Encode(account.UserId);
            html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\">")
                .Append(WebUtility.HtmlEncode(account.Name ?? account.UserId));
            if (account.Email is not null)
            {
                html.Append(" &lt;").Append(WebUtility.HtmlEncode(account.Email)).Append("&gt;");
            }

            html.Append("</a></li>");
        }

        html.Append("</ul><p><a href=\"").Append(WebUtility.HtmlEncode(baseHref + "fake_decision=deny")).Append("\">Cancel</a></p></body></html>");
        return Reply.Html(200, html.ToString(), "consent page");
    }

    private string MintCode(string clientId, string redirectUri, string scope, FakeAmazonAccount account, string? challenge, string? method)
    {
        var code = RandomToken("AN", 15);
        _codes[code] = new CodeGrant(clientId, redirectUri, scope, account, challenge, method, _time.GetUtcNow() + CodeLifetime);
        return code;
    }
}
