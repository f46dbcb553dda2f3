// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Buffers;

namespace Para.Security.Handlers;

/// <summary>
/// The host rewrite of Para's success and failure handlers (para-spec.md §4.1 step 7): a <c>host_url</c> that Para
/// accepts replaces only the host of the target URL; any other <c>host_url</c> cuts the target down to scheme + host.
/// </summary>
internal static class ParaHostRewrite
{
    private static readonly SearchValues<char> SchemeChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
    private static readonly SearchValues<char> AuthorityTerminators = SearchValues.Create("/?#");

    /// <summary>Applies the rewrite for a non-blank <paramref name="hostUrl"/>.</summary>
    public static string Apply(string customUri, string hostUrl, IReadOnlyList<string> aliases)
    {
        if (IsAccepted(customUri, hostUrl, aliases))
        {
            return Uri.TryCreate(hostUrl, UriKind.Absolute, out var host) && host.Host.Length > 0
                ? ReplaceHost(customUri, host.Host)
                : customUri;
        }

        // Para: scheme + "://" + host, dropping port, path, query and with them any jwt= placeholder. A relative target
        // has neither (Para would emit "null://null"); it is left as it is.
        return UrlParts.TryParse(customUri, out var parts) && parts.Scheme.Length > 0 ? parts.Scheme + "://" + parts.Host : customUri;
    }

    /// <summary>
    /// Whether <paramref name="hostUrl"/> may take the target's place: it is one of the app's aliases exactly, or it has
    /// exactly the target's origin. Para also accepts any <paramref name="hostUrl"/> that is a plain string prefix of the
    /// target, which is an open redirect (para-spec.md §8.1: <c>https://example.co</c> is a prefix of
    /// <c>https://example.com/…</c>, so the user and the token went to example.co); that rule is gone.
    /// </summary>
    public static bool IsAccepted(string customUri, string hostUrl, IReadOnlyList<string> aliases) =>
        aliases.Contains(hostUrl, StringComparer.Ordinal) || SameOrigin(customUri, hostUrl);

    /// <summary>Whether two URLs are absolute http(s) URLs with the same scheme, host and port.</summary>
    public static bool SameOrigin(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
        && (x.Scheme == Uri.UriSchemeHttp || x.Scheme == Uri.UriSchemeHttps)
        && Uri.Compare(x, y, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// Whether a post-login target from the request (the <c>returnto</c> parameter or cookie) is safe to redirect to: a
    /// path on this server (<c>/…</c>, not <c>//…</c> or <c>/\…</c>), or an absolute URL with one of the given origins.
    /// Para redirects to any value (an open redirect); other targets are ignored.
    /// </summary>
    public static bool IsSafeReturnTarget(string target, params string[] allowedOrigins)
    {
        if (target.StartsWith('/'))
        {
            return target.Length == 1 || (target[1] != '/' && target[1] != '\\');
        }

        return allowedOrigins.Any(origin => SameOrigin(target, origin));
    }

    /// <summary>Replaces the host of a URL, keeping scheme, user info, port, path, query and fragment.</summary>
    public static string ReplaceHost(string url, string host)
    {
        if (!UrlParts.TryParse(url, out var parts))
        {
            // A path without authority: Spring's UriComponentsBuilder renders it protocol-relative, //host/path.
            return "//" + host + (url.StartsWith('/') ? url : "/" + url);
        }

        return url[..parts.AuthorityStart] + parts.UserInfo + host + parts.Port + url[parts.AuthorityEnd..];
    }

    /// <summary>The pieces of an absolute (<c>scheme://…</c>) or protocol-relative (<c>//…</c>) URL, as positions in the original string.</summary>
    private readonly record struct UrlParts(string Scheme, int AuthorityStart, int AuthorityEnd, string UserInfo, string Host, string Port)
    {
        public static bool TryParse(string url, out UrlParts parts)
        {
            parts = default;
            var separator = url.IndexOf("://", StringComparison.Ordinal);
            int start;
            string scheme;
            if (separator > 0 && url.AsSpan(0, separator).IndexOfAnyExcept(SchemeChars) < 0)
            {
                scheme = url[..separator];
                start = separator + 3;
            }
            else if (url.StartsWith("//", StringComparison.Ordinal))
            {
                scheme = string.Empty;
                start = 2;
            }
            else
            {
                return false;
            }

            var end = url.AsSpan(start).IndexOfAny(AuthorityTerminators);
            end = end < 0 ? url.Length : start + end;
            var authority = url[start..end];
            var at = authority.LastIndexOf('@');
            var userInfo = at < 0 ? string.Empty : authority[..(at + 1)];
            var hostPort = authority[(at + 1)..];
            var portStart = hostPort.StartsWith('[') ? hostPort.IndexOf("]:", StringComparison.Ordinal) + 1 : hostPort.LastIndexOf(':');
            var host = portStart > 0 ? hostPort[..portStart] : hostPort;
            var port = portStart > 0 ? hostPort[portStart..] : string.Empty;
            parts = new UrlParts(scheme, start, end, userInfo, host, port);
            return true;
        }
    }
}
