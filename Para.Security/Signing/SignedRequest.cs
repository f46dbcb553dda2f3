// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Para.Security.Signing;

/// <summary>
/// The SigV4 parts of a request, from the <c>Authorization: AWS4-HMAC-SHA256 …</c> header or, when that header is
/// absent, from the <c>X-Amz-*</c> query parameters (query-string signing).
/// </summary>
public sealed class SignedRequest
{
    private SignedRequest(string? credential, string? signedHeaders, string? signature, string? amzDate, bool fromQuery)
    {
        Credential = credential;
        SignedHeaders = signedHeaders;
        Signature = signature;
        AmzDate = amzDate;
        FromQuery = fromQuery;
    }

    /// <summary>Gets the <c>Credential</c> value, <c>{accessKey}/{date}/{region}/{service}/aws4_request</c>.</summary>
    public string? Credential { get; }

    /// <summary>Gets the <c>SignedHeaders</c> value, e.g. <c>host;x-amz-content-sha256;x-amz-date</c>.</summary>
    public string? SignedHeaders { get; }

    /// <summary>Gets the hex signature.</summary>
    public string? Signature { get; }

    /// <summary>Gets the request time, <c>X-Amz-Date</c> (header first, then query), <c>yyyyMMddTHHmmssZ</c>.</summary>
    public string? AmzDate { get; }

    /// <summary>Gets a value indicating whether the parts came from the query string.</summary>
    public bool FromQuery { get; }

    /// <summary>
    /// Gets a value indicating whether <see cref="Credential"/> has SigV4's shape,
    /// <c>{accessKey}/{yyyyMMdd}/{region}/{service}/aws4_request</c>: five parts, none empty, an eight-digit date and the
    /// terminator. Which region and service were signed for is left to the signature check.
    /// </summary>
    public bool HasWellFormedCredential =>
        Credential?.Split('/') is [{ Length: > 0 }, { Length: 8 } date, { Length: > 0 }, { Length: > 0 }, SigV4.Terminator] && date.All(char.IsAsciiDigit);

    /// <summary>Reads the SigV4 parts of a request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The parts; members are <see langword="null"/> where absent.</returns>
    public static SignedRequest Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var date = request.Headers.TryGetValue("X-Amz-Date", out var header) && !string.IsNullOrWhiteSpace(header)
            ? header.ToString()
            : First(request, "X-Amz-Date");
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return new SignedRequest(First(request, "X-Amz-Credential"), First(request, "X-Amz-SignedHeaders"), First(request, "X-Amz-Signature"), date, true);
        }

        string? credential = null, signedHeaders = null, signature = null;
        var rest = authorization.StartsWith(SigV4.Algorithm, StringComparison.Ordinal) ? authorization[SigV4.Algorithm.Length..] : authorization;
        foreach (var part in rest.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var value = part[(equals + 1)..].Trim();
            switch (part[..equals].Trim())
            {
                case "Credential":
                    credential = value;
                    break;
                case "SignedHeaders":
                    signedHeaders = value;
                    break;
                case "Signature":
                    signature = value;
                    break;
            }
        }

        return new SignedRequest(credential, signedHeaders, signature, date, false);
    }

    /// <summary>
    /// Returns the request path as sent on the wire (still percent-encoded, with the path base), without the query:
    /// what a client signs, and what Para's messages call the request URI.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The raw path.</returns>
    public static string RawPath(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/')
        {
            var query = raw.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? raw : raw[..query];
        }

        return (request.PathBase + request.Path).ToUriComponent();
    }

    private static string? First(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
