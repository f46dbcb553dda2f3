// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Para.Security.Signing;

/// <summary>
/// The pieces of AWS Signature Version 4 that Para's signed API requests use (para-spec.md §1.5, §10.2): RFC 3986
/// encoding, the canonical query string, canonical headers, the canonical request, the string to sign, the signing
/// key and the signature. Pure functions, no HTTP: <see cref="SignedRequestVerifier"/> feeds them from a request.
/// </summary>
public static class SigV4
{
    /// <summary>The algorithm name in the <c>Authorization</c> header and the string to sign.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The last element of every credential scope.</summary>
    public const string Terminator = "aws4_request";

    /// <summary>The hex SHA-256 of an empty payload.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Percent-encodes a value as SigV4 requires: every byte of its UTF-8 form except the RFC 3986 unreserved characters, with upper-case hex.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The encoded value.</returns>
    public static string EncodeRfc3986(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Builds the canonical URI of a path: each segment percent-decoded and then encoded with <see cref="EncodeRfc3986"/>; an empty path is <c>/</c>.</summary>
    /// <param name="rawPath">The path as sent on the wire (percent-encoded), without the query.</param>
    /// <returns>The canonical URI.</returns>
    public static string CanonicalUri(string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        if (rawPath.Length == 0)
        {
            return "/";
        }

        return string.Join('/', rawPath.Split('/').Select(segment => EncodeRfc3986(Uri.UnescapeDataString(segment))));
    }

    /// <summary>Builds the canonical query string: names and values encoded, sorted by name then value (ordinal), joined with <c>&amp;</c>.</summary>
    /// <param name="parameters">The decoded parameters (one value each).</param>
    /// <returns>The canonical query string, empty when there are none.</returns>
    public static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return string.Join('&', parameters
            .Select(p => (Name: EncodeRfc3986(p.Key), Value: EncodeRfc3986(p.Value ?? string.Empty)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>Canonicalises a header value: trimmed, with runs of spaces and tabs collapsed to one space.</summary>
    /// <param name="value">The raw value.</param>
    /// <returns>The canonical value.</returns>
    public static string CanonicalHeaderValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t')
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Builds the canonical request.</summary>
    /// <param name="method">The HTTP method, e.g. <c>GET</c>.</param>
    /// <param name="canonicalUri">The canonical URI (<see cref="CanonicalUri"/>).</param>
    /// <param name="canonicalQuery">The canonical query string (<see cref="CanonicalQueryString"/>).</param>
    /// <param name="headers">The signed headers: lower-case names with their canonical values, in any order.</param>
    /// <param name="payloadHash">The hex SHA-256 of the body.</param>
    /// <returns>The canonical request.</returns>
    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var sorted = headers.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        var builder = new StringBuilder()
            .Append(method).Append('\n')
            .Append(canonicalUri).Append('\n')
            .Append(canonicalQuery).Append('\n');
        foreach (var header in sorted)
        {
            builder.Append(header.Key).Append(':').Append(header.Value).Append('\n');
        }

        return builder.Append('\n')
            .Append(string.Join(';', sorted.Select(h => h.Key))).Append('\n')
            .Append(payloadHash)
            .ToString();
    }

    /// <summary>Builds the credential scope <c>{date}/{region}/{service}/aws4_request</c>.</summary>
    /// <param name="date">The date, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The region.</param>
    /// <param name="service">The service.</param>
    /// <returns>The scope.</returns>
    public static string Scope(string date, string region, string service) => date + "/" + region + "/" + service + "/" + Terminator;

    /// <summary>Builds the string to sign.</summary>
    /// <param name="amzDate">The request time, <c>yyyyMMddTHHmmssZ</c>.</param>
    /// <param name="scope">The credential scope.</param>
    /// <param name="canonicalRequest">The canonical request.</param>
    /// <returns>The string to sign.</returns>
    public static string StringToSign(string amzDate, string scope, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        return Algorithm + "\n" + amzDate + "\n" + scope + "\n" + HexSha256(Encoding.UTF8.GetBytes(canonicalRequest));
    }

    /// <summary>Derives the signing key: HMAC chain over date, region, service and <c>aws4_request</c>, starting from <c>AWS4{secret}</c>.</summary>
    /// <param name="secret">The secret key.</param>
    /// <param name="date">The date, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The region.</param>
    /// <param name="service">The service.</param>
    /// <returns>The signing key.</returns>
    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        return Hmac(key, Terminator);
    }

    /// <summary>Computes the hex signature of a string to sign.</summary>
    /// <param name="signingKey">The key from <see cref="SigningKey"/>.</param>
    /// <param name="stringToSign">The string to sign.</param>
    /// <returns>The lower-case hex signature.</returns>
    public static string Signature(byte[] signingKey, string stringToSign) => Convert.ToHexStringLower(Hmac(signingKey, stringToSign));

    /// <summary>Returns the lower-case hex SHA-256 of some bytes.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The hex digest.</returns>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
