// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Microsoft.AspNetCore.Http;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// Rebuilds the <c>redirect_uri</c> the way Para's <c>getRedirectUrl</c> does (para-spec.md §3.1 step 3), so that
/// the token request carries exactly the URI the client sent the browser to Amazon with.
/// </summary>
public static class OAuthRedirectUri
{
    /// <summary>
    /// Builds <c>scheme://host[:port]/path</c> of the request (no query), then appends <c>appid</c> and
    /// <c>host_url</c> (decoded values, in that order) when present, then replaces the scheme with
    /// <c>X-Forwarded-Proto</c> (or <c>CloudFront-Forwarded-Proto</c>) when present.
    /// </summary>
    /// <param name="request">The callback request.</param>
    /// <returns>The redirect URI.</returns>
    public static string Build(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var builder = new StringBuilder()
            .Append(request.Scheme).Append("://").Append(request.Host.Value)
            .Append(request.PathBase.Value).Append(request.Path.Value);
        AppendParaParameters(builder, request);
        return WithForwardedScheme(builder.ToString(), request);
    }

    /// <summary>
    /// Builds the constant <c>redirect_uri</c> of a server-initiated sign-in: this server's <paramref name="callbackPath"/>,
    /// with no query (the app and host URL travel in the sealed state), honouring <c>X-Forwarded-Proto</c> as <see cref="Build"/> does.
    /// </summary>
    /// <param name="request">The start request.</param>
    /// <param name="callbackPath">The callback path, e.g. <c>/amazon_auth</c>.</param>
    /// <returns>The redirect URI.</returns>
    public static string ForCallback(HttpRequest request, string callbackPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WithForwardedScheme(request.Scheme + "://" + request.Host.Value + request.PathBase.Value + callbackPath, request);
    }

    private static void AppendParaParameters(StringBuilder builder, HttpRequest request)
    {
        var separator = '?';
        foreach (var name in new[] { "appid", "host_url" })
        {
            var value = request.Query[name].ToString();
            if (!string.IsNullOrWhiteSpace(value))
            {
                // Para inserts the decoded value as it is; the whole URI is form-encoded once when it is sent.
                builder.Append(separator).Append(name).Append('=').Append(value);
                separator = '&';
            }
        }
    }

    private static string WithForwardedScheme(string uri, HttpRequest request)
    {
        var proto = request.Headers["X-Forwarded-Proto"].ToString();
        if (string.IsNullOrWhiteSpace(proto))
        {
            proto = request.Headers["CloudFront-Forwarded-Proto"].ToString();
        }

        return string.IsNullOrWhiteSpace(proto) ? uri : proto + uri[uri.IndexOf(':', StringComparison.Ordinal)..];
    }
}
