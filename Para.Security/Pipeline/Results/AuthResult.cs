// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;

namespace Para.Security.Pipeline.Results;

/// <summary>
/// A response decided by a filter. Only the pipeline middleware executes results, so filters stay free of
/// <see cref="HttpResponse"/> writes and can be tested without a server.
/// </summary>
public abstract class AuthResult
{
    /// <summary>Gets the cookies to set or delete with the response.</summary>
    public IList<AuthCookie> Cookies { get; } = [];

    /// <summary>Gets extra response headers (for example <c>Referrer-Policy</c> or <c>WWW-Authenticate</c>).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Writes the response. Called by the pipeline middleware only.</summary>
    /// <param name="httpContext">The request.</param>
    /// <returns>A task that completes when the response is written.</returns>
    protected internal abstract Task ExecuteAsync(HttpContext httpContext);

    /// <summary>Writes <see cref="Headers"/> and <see cref="Cookies"/> to the response.</summary>
    /// <param name="response">The response.</param>
    protected void WriteHeadersAndCookies(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var header in Headers)
        {
            response.Headers[header.Key] = header.Value;
        }

        foreach (var cookie in Cookies)
        {
            if (cookie.Delete)
            {
                response.Cookies.Delete(cookie.Name, cookie.Options);
            }
            else
            {
                response.Cookies.Append(cookie.Name, cookie.Value, cookie.Options);
            }
        }
    }
}
