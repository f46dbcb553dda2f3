// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.WebUtilities;
using Para.Security.Filters.Amazon;

namespace Para.Security.Server.LoginPages;

/// <summary>
/// Builds the "Login with Amazon" link exactly as Para's docs tell clients to (para-spec.md §3.0): Amazon's authorize
/// URL with <c>response_type=code</c>, <c>client_id</c>, <c>scope</c>, <c>state={appid}</c> and
/// <c>redirect_uri={base}/amazon_auth</c>, each value URL-encoded once.
/// </summary>
internal static class AmazonAuthorizeLink
{
    /// <summary>Builds the link.</summary>
    /// <param name="authorizeUrl">The authorize endpoint (region's, or the configured override).</param>
    /// <param name="clientId">The app's <c>az_app_id</c>.</param>
    /// <param name="scope">The app's scope.</param>
    /// <param name="state">The app identifier, e.g. <c>para</c>.</param>
    /// <param name="redirectUri">The callback URL, see <see cref="RedirectUri"/>.</param>
    /// <returns>The absolute URL.</returns>
    public static string Build(Uri authorizeUrl, string clientId, string scope, string state, string redirectUri) =>
        QueryHelpers.AddQueryString(authorizeUrl.AbsoluteUri, new KeyValuePair<string, string?>[]
        {
            new("response_type", "code"),
            new("client_id", clientId),
            new("scope", scope),
            new("state", state),
            new("redirect_uri", redirectUri),
        });

    /// <summary>
    /// Returns <c>{scheme}://{host}{pathbase}/amazon_auth</c> of a request: the URL the callback will rebuild byte for
    /// byte (the same scheme rule as the filter: <c>X-Forwarded-Proto</c>, else <c>CloudFront-Forwarded-Proto</c>, else
    /// the request's). No query: the app travels in <c>state</c>, so one Allowed Return URL serves every app.
    /// </summary>
    /// <param name="request">The login page request.</param>
    /// <returns>The redirect URI.</returns>
    public static string RedirectUri(HttpRequest request)
    {
        var proto = request.Headers["X-Forwarded-Proto"].ToString();
        if (string.IsNullOrWhiteSpace(proto))
        {
            proto = request.Headers["CloudFront-Forwarded-Proto"].ToString();
        }

        var scheme = string.IsNullOrWhiteSpace(proto) ? request.Scheme : proto;
        return scheme + "://" + request.Host.Value + request.PathBase.Value + AmazonAuthDefaults.CallbackPath;
    }
}
