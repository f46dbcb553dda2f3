// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Para.Security.Signing;

/// <summary>
/// Verifies a Para API request signed with AWS SigV4 as the Para clients sign it (para-spec.md §1.5, §10.2): service
/// <c>para</c>, region <c>us-east-1</c>, the headers the request lists in <c>SignedHeaders</c>, every query parameter
/// (first value of each; <c>X-Amz-Signature</c> excluded), the path and the SHA-256 of the real body bytes. An
/// <c>X-Amz-Content-SHA256</c> header must equal that hash. The comparison is constant-time.
/// </summary>
public static class SignedRequestVerifier
{
    /// <summary>The region every Para client signs for.</summary>
    public const string Region = "us-east-1";

    /// <summary>The service name every Para client signs for.</summary>
    public const string Service = "para";

    /// <summary>Parses <c>X-Amz-Date</c> (<c>yyyyMMddTHHmmssZ</c>, UTC).</summary>
    /// <param name="amzDate">The value.</param>
    /// <param name="time">The time.</param>
    /// <returns><see langword="true"/> when the value is a valid date.</returns>
    public static bool TryParseAmzDate(string? amzDate, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>Verifies the signature of a request whose body hash is known.</summary>
    /// <param name="request">The request.</param>
    /// <param name="parts">Its SigV4 parts.</param>
    /// <param name="secret">The app secret.</param>
    /// <param name="payloadHash">The lower-case hex SHA-256 of the body bytes as received.</param>
    /// <returns><see langword="true"/> when the signature matches.</returns>
    public static bool Verify(HttpRequest request, SignedRequest parts, string secret, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(payloadHash);
        if (string.IsNullOrEmpty(parts.Signature) || string.IsNullOrEmpty(parts.SignedHeaders)
            || parts.AmzDate is not { Length: >= 8 } amzDate)
        {
            return false;
        }

        if (request.Headers.TryGetValue("X-Amz-Content-SHA256", out var claimed) && claimed.Count > 0
            && !string.Equals(claimed.ToString().Trim(), payloadHash, StringComparison.OrdinalIgnoreCase))
        {
            return false; // the body is not the one that was signed
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in parts.SignedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var value = request.Headers.TryGetValue(name, out var values) ? string.Join(',', values.Select(v => SigV4.CanonicalHeaderValue(v ?? string.Empty))) : string.Empty;
            headers.Add(new(name.ToLowerInvariant(), value));
        }

        var query = SigV4.CanonicalQueryString(request.Query
            .Where(q => !string.Equals(q.Key, "X-Amz-Signature", StringComparison.Ordinal))
            .Select(q => new KeyValuePair<string, string>(q.Key, q.Value.Count > 0 ? q.Value[0] ?? string.Empty : string.Empty)));
        var scope = SigV4.Scope(amzDate[..8], Region, Service);
        var key = SigV4.SigningKey(secret, amzDate[..8], Region, Service);
        var expected = Encoding.ASCII.GetBytes(parts.Signature.ToLowerInvariant());
        var match = false;
        foreach (var uri in CanonicalUris(SignedRequest.RawPath(request)))
        {
            var canonical = SigV4.CanonicalRequest(request.Method, uri, query, headers, payloadHash);
            var actual = Encoding.ASCII.GetBytes(SigV4.Signature(key, SigV4.StringToSign(amzDate, scope, canonical)));
            match |= CryptographicOperations.FixedTimeEquals(actual, expected);
        }

        return match;
    }

    // Signers disagree on whether an already-encoded path is encoded again (AWS's rule for services other than S3) or
    // not; both forms are accepted. They differ only when the path holds characters that need encoding.
    private static IEnumerable<string> CanonicalUris(string rawPath)
    {
        var once = SigV4.CanonicalUri(rawPath);
        yield return once;
        var twice = string.Join('/', once.Split('/').Select(SigV4.EncodeRfc3986));
        if (!string.Equals(once, twice, StringComparison.Ordinal))
        {
            yield return twice;
        }
    }
}
