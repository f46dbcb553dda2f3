// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Para.Security.Handlers;

/// <summary>
/// Reads a request the way Para's servlet code does: request parameters (query, then form body), the appid of an auth
/// request (para-spec.md §3.1 step 2), and the REST and AJAX classifications (§1.6).
/// </summary>
public static partial class ParaAuthRequest
{
    /// <summary>Returns the first value of a request parameter: the query string, then a form body; <see langword="null"/> when absent.</summary>
    public static async ValueTask<string?> GetParameterAsync(HttpRequest request, string name, CancellationToken cancellationToken)
    {
        if (request.Query.TryGetValue(name, out var query))
        {
            return FirstOrNull(query);
        }

        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            return form.TryGetValue(name, out var value) ? FirstOrNull(value) : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or NotSupportedException or DecoderFallbackException)
        {
            // An unreadable body has no parameters (Tomcat ignores a broken form body too): broken framing, too many or
            // too long fields, or a charset .NET will not decode (charset=utf-7 throws NotSupportedException).
            return null;
        }
    }

    /// <summary>
    /// Returns the appid of an auth request (<c>getAppidFromAuthRequest</c>): the <c>appid</c> parameter, else the part
    /// of <c>state</c> before the first <c>|</c>, trimmed; blank gives <see langword="null"/>. A flow that established its
    /// app itself (a sealed state) says so explicitly (<see cref="SignInHandlerSettings.ForEstablishedFlow"/>).
    /// </summary>
    public static async ValueTask<string?> GetAppIdAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var appId = await GetParameterAsync(request, "appid", cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(appId))
        {
            return appId.Trim();
        }

        var state = await GetParameterAsync(request, "state", cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(state))
        {
            return null;
        }

        var bar = state.IndexOf('|', StringComparison.Ordinal);
        var fromState = (bar < 0 ? state : state[..bar]).Trim();
        return fromState.Length == 0 ? null : fromState;
    }

    /// <summary>Returns whether the path is an API path, Para's strict REST regex <c>^/v\d[.\d]*/.*</c> (case-insensitive, <c>/v1/_me</c> included).</summary>
    public static bool IsRest(HttpRequest request) => RestPath().IsMatch(request.Path.Value ?? string.Empty);

    /// <summary>
    /// Returns whether the request is AJAX (Para's <c>AjaxRequestMatcher</c>): header or parameter
    /// <c>X-Requested-With: XMLHttpRequest</c> (case-insensitive), or an <c>Accept</c> header starting with
    /// <c>application/json</c>, <c>application/javascript</c> or <c>text/javascript</c>.
    /// </summary>
    public static async ValueTask<bool> IsAjaxAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var requestedWith = request.Headers.TryGetValue("X-Requested-With", out var header)
            ? header.ToString()
            : await GetParameterAsync(request, "X-Requested-With", cancellationToken).ConfigureAwait(false);
        if (string.Equals(requestedWith, "XMLHttpRequest", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var accept = request.Headers.Accept.ToString();
        return accept.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || accept.StartsWith("application/javascript", StringComparison.OrdinalIgnoreCase)
            || accept.StartsWith("text/javascript", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Returns whether the request is REST or AJAX: such clients get status codes instead of browser redirects in the fallbacks.</summary>
    public static async ValueTask<bool> IsRestOrAjaxAsync(HttpRequest request, CancellationToken cancellationToken) =>
        IsRest(request) || await IsAjaxAsync(request, cancellationToken).ConfigureAwait(false);

    private static string? FirstOrNull(StringValues values) => values.Count == 0 ? null : values[0];

    [GeneratedRegex(@"^/v\d[.\d]*/", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RestPath();
}
