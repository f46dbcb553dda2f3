// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Para.Security.Tests.Infrastructure;

/// <summary>
/// A SigV4 signer written for the tests only, independently of <c>Para.Security.Signing</c>, so that the server's
/// verifier is checked against a second implementation (and against AWS's published vectors in SigV4Tests).
/// </summary>
internal static class TestSigV4Signer
{
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string AmzDate(DateTimeOffset when) => when.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    public static string BodyHash(byte[] body) => Hex(SHA256.HashData(body));

    /// <summary>
    /// Signs in headers: adds <c>X-Amz-Date</c> and <c>X-Amz-Content-SHA256</c>, then <c>Authorization</c> over
    /// <paramref name="signedHeaders"/> (lower-case names; the values are read back from the message and its content).
    /// </summary>
    public static void SignHeaders(
        HttpRequestMessage request, byte[] body, string accessKey, string secret, DateTimeOffset when,
        IEnumerable<string> signedHeaders, string region = "us-east-1", string service = "para")
    {
        var amzDate = AmzDate(when);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", BodyHash(body));
        var names = signedHeaders.Select(h => h.ToLowerInvariant()).OrderBy(h => h, StringComparer.Ordinal).ToList();
        var headerLines = names.Select(name => name + ":" + HeaderValue(request, name)).ToList();
        var signature = Signature(request.Method.Method, request.RequestUri!, headerLines, names, BodyHash(body), amzDate, secret, region, service);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{amzDate[..8]}/{region}/{service}/aws4_request, SignedHeaders={string.Join(";", names)}, Signature={signature}");
    }

    /// <summary>Returns a query-signed ("presigned") URL: the X-Amz-* parameters in the query, the host header signed.</summary>
    public static Uri Presign(Uri url, string method, string accessKey, string secret, DateTimeOffset when)
    {
        var amzDate = AmzDate(when);
        var extra = new (string, string)[]
        {
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", $"{accessKey}/{amzDate[..8]}/us-east-1/para/aws4_request"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-SignedHeaders", "host"),
        };
        var query = (url.Query.Length > 1 ? url.Query[1..] + "&" : string.Empty)
            + string.Join("&", extra.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
        var unsigned = new Uri(url.GetLeftPart(UriPartial.Path) + "?" + query);
        var signature = Signature(method, unsigned, ["host:" + url.Authority], ["host"], BodyHash([]), amzDate, secret, "us-east-1", "para");
        return new Uri(unsigned + "&X-Amz-Signature=" + signature);
    }

    public static string Signature(
        string method, Uri url, IReadOnlyList<string> headerLines, IReadOnlyList<string> names, string payloadHash,
        string amzDate, string secret, string region, string service)
    {
        var canonical = string.Join("\n",
            method,
            CanonicalPath(url.AbsolutePath),
            CanonicalQuery(url.Query),
            string.Concat(headerLines.Select(l => l + "\n")),
            string.Join(";", names),
            payloadHash);
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { amzDate[..8], region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }

    private static string HeaderValue(HttpRequestMessage request, string name)
    {
        if (name == "host")
        {
            return request.Headers.Host ?? request.RequestUri!.Authority;
        }

        IEnumerable<string>? values = null;
        if (!request.Headers.TryGetValues(name, out values) && request.Content is not null)
        {
            request.Content.Headers.TryGetValues(name, out values);
        }

        return string.Join(",", (values ?? []).Select(v => string.Join(" ", v.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))));
    }

    private static string CanonicalPath(string absolutePath) =>
        absolutePath.Length == 0 ? "/" : string.Join("/", absolutePath.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<(string Name, string Value)>();
        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (seen.Add(name))
            {
                pairs.Add((Uri.EscapeDataString(name), Uri.EscapeDataString(value)));
            }
        }

        return string.Join("&", pairs.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value));
    }
}
