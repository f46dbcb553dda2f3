// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Para.Security.Tests.Fuzzing;

/// <summary>Generators of hostile input: odd strings, callback query strings, JSON and byte bodies, signed-request headers.</summary>
internal static class FuzzGenerators
{
    private static readonly string[] Nasty =
    [
        string.Empty, " ", "  \t", "|", "||", "a|b|c", "|para", "para|", "para", "app:para", "myapp", "app:myapp", "myapp|2",
        "app:", ":", "app:app:myapp", "MYAPP", "%", "%%", "%zz", "%e9", "%C3", "%00", "%C0%AF", "%FF%FE", "%u0041", "+", "&", "=", "==",
        "?", "#", "\0", "\r\n", "a\r\nSet-Cookie: x=1", "ü", "😀", "\ud800", "\udc00x", "\u202e", "\ufeff", "../../etc/passwd",
        "https://myapp.example", "https://alias.myapp.example", "https://myapp.example.evil.example", "https://other.example:8443",
        "//evil.example", "http:", "https://", "javascript:alert(1)", "<script>", "\"", "'", "\\", "null", "true", "-1", "0",
        "9999999999999999999999", "1e309", "NaN", "{}", "[]", "{\"a\":", "eyJ", "a.b.c", "...", "ok", "okcode", "ok|para",
    ];

    /// <summary>Any string: nasty fixed ones, random Unicode (lone surrogates included), ASCII, and now and then a huge one.</summary>
    public static Gen<string> AnyString => Gen.Frequency(
        (4, Gen.Elements(Nasty)),
        (3, Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(i => (char)i)).Select(chars => new string(chars))),
        (3, Gen.ArrayOf(Gen.Choose(0x20, 0x7E).Select(i => (char)i)).Select(chars => new string(chars))),
        (1, Gen.Frequency((9, Gen.Choose(300, 3_000)), (1, Gen.Choose(3_000, 40_000))).SelectMany(n => Gen.Elements("a", "%", "|", "é", "😀", "%zz").Select(unit => Repeat(unit, n)))));

    private static readonly string[] CallbackKeys =
        ["code", "state", "appid", "host_url", "error", "error_description", "returnto", "scope", "jwt", "redirect_uri", "code_verifier"];

    /// <summary>A query string for a callback: known and random keys, repeated keys, values raw or percent-encoded.</summary>
    public static Gen<string> CallbackQuery =>
        Gen.ListOf(
                Zip3(
                    Gen.Frequency((6, Gen.Elements(CallbackKeys)), (1, AnyString)),
                    Gen.Frequency((5, AnyString), (2, Gen.Elements("para", "myapp", "app:myapp", "myapp|1", "ok1", "ok2", "okcode|x"))),
                    Gen.Elements(true, false)))
            .Select(pairs => pairs.Count == 0
                ? string.Empty
                : "?" + string.Join('&', pairs.Select(p => p.Item3 ? Encode(p.Item1) + "=" + Encode(p.Item2) : p.Item1 + "=" + p.Item2)));

    /// <summary>An HTTP method, mostly GET and POST.</summary>
    public static Gen<string> Method =>
        Gen.Frequency((6, Gen.Constant("GET")), (4, Gen.Constant("POST")), (1, Gen.Elements("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "get", "X")));

    /// <summary>A random JSON value: objects keyed by /jwt_auth's fields and random names, of any shape and depth.</summary>
    public static Gen<JsonNode?> Json => Gen.Sized(JsonOfSize);

    /// <summary>A request body: JSON of sign-in shape (in UTF-8 or, broken or not, in another encoding), random JSON, random bytes, or nothing.</summary>
    public static Gen<byte[]?> Body => Gen.Frequency(
        (1, Gen.Constant<byte[]?>(null)),
        (4, SignInJson.Select(j => (byte[]?)Utf8(j))),
        (2, Gen.Zip(SignInJson, Gen.Choose(0, 7)).Select(t => (byte[]?)Encoded(t.Item1, t.Item2))),
        (2, Json.Select(j => (byte[]?)Utf8(j))),
        (2, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(b => (byte[]?)b)),
        (1, AnyString.Select(s => (byte[]?)Encoding.UTF8.GetBytes(s))));

    /// <summary>A Content-Type header value, or none.</summary>
    public static Gen<string?> ContentType => Gen.Elements<string?>(
        null, "application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded", "text/plain",
        "multipart/form-data; boundary=x", "application/json; charset=bogus", "garbage", string.Empty,
        "application/json;charset=UTF-16", "application/xml", "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=utf-7");

    /// <summary>A JWT-shaped string: a header and claims of Para's kinds with random values, and a random signature.</summary>
    public static Gen<string> JwtLike =>
        Zip3(
                Gen.Elements("""{"alg":"HS256","typ":"JWT"}""", """{"alg":"HS256"}""", """{"alg":"none"}""", """{"alg":"HS512"}""", """{"alg":"RS256"}""", "{}", "[]", "x"),
                Zip3(AnyString, AnyString, Gen.Elements<object?>(null, 0, -1, 1L << 40, "soon", true, 1.5)),
                Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)))
            .Select(t =>
            {
                var claims = new JsonObject
                {
                    ["appid"] = t.Item2.Item1.Length % 3 == 0 ? "app:myapp" : t.Item2.Item1,
                    ["sub"] = t.Item2.Item2,
                    ["exp"] = ToNode(t.Item2.Item3),
                    ["refresh"] = ToNode(t.Item2.Item3),
                };
                return B64(t.Item1) + "." + Base64Url.EncodeToString(Utf8(claims)) + "." + Base64Url.EncodeToString(t.Item3);
            });

    /// <summary>An Authorization header value of any scheme, signed-request (AWS SigV4) shapes included.</summary>
    public static Gen<string> Authorization(string validToken) => Gen.Frequency(
        (3, JwtLike.Select(j => "Bearer " + j)),
        (1, Gen.Constant("Bearer " + validToken)),
        (2, Gen.Zip(Gen.Choose(0, validToken.Length - 1), Gen.Choose('0', 'z')).Select(t => "Bearer " + Mutate(validToken, t.Item1, (char)t.Item2))),
        (1, Gen.Choose(0, validToken.Length).Select(n => "Bearer " + validToken[..n])),
        (3, Zip3(AnyString, AnyString, AnyString).Select(t =>
            $"AWS4-HMAC-SHA256 Credential={t.Item1}/20260611/us-east-1/para/aws4_request, SignedHeaders={t.Item2}, Signature={t.Item3}")),
        (1, Gen.Zip(Gen.Elements("app:para", "app:myapp", "app:nope"), AnyString).Select(t =>
            $"AWS4-HMAC-SHA256 Credential={t.Item1}/20260611/us-east-1/para/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature={Convert.ToHexStringLower(Encoding.UTF8.GetBytes(t.Item2.Length > 32 ? t.Item2[..32] : t.Item2))}")),
        (1, AnyString.Select(s => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(s)))),
        (2, Gen.Elements("Bearer", "Bearer ", "bearer x", "BEARER a.b.c", "Bearer a.b", "Bearer ...", "Anonymous app:para", "AWS4-HMAC-SHA256", string.Empty)),
        (2, AnyString));

    /// <summary>An X-Amz-Date value: well-formed, near-miss or garbage.</summary>
    public static Gen<string> AmzDate => Gen.Frequency(
        (2, Zip3(Gen.Choose(1900, 2300), Gen.Choose(0, 13), Gen.Choose(0, 32)).Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"{t.Item1:D4}{t.Item2:D2}{t.Item3:D2}T120000Z"))),
        (1, Gen.Elements("20260611T120000Z", "20260611T120000", "2026-06-11T12:00:00Z", "Thu, 11 Jun 2026 12:00:00 GMT", "0", string.Empty)),
        (2, AnyString));

    /// <summary>An X-Amz-Content-SHA256 value: a hash, UNSIGNED-PAYLOAD, or garbage.</summary>
    public static Gen<string> ContentSha256 => Gen.Frequency(
        (1, Gen.Elements("UNSIGNED-PAYLOAD", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", string.Empty)),
        (2, AnyString));

    private static Gen<JsonObject> SignInJson =>
        Zip3(
                Gen.Frequency((3, Gen.Elements("app:myapp", "myapp", "app:para", "para")), (2, AnyString)),
                Gen.Frequency((3, Gen.Elements("amazon", "password", "passwordless", "oauth2", "facebook", "ldap", "saml")), (1, AnyString)),
                Gen.Frequency((2, Gen.Elements("ok1", "Atza|x", "a:b:c", "email:name", "a.b.c")), (2, AnyString), (1, JwtLike)))
            .Select(t => new JsonObject { ["appid"] = t.Item1, ["provider"] = t.Item2, ["token"] = t.Item3 });

    private static Gen<JsonNode?> JsonOfSize(int size)
    {
        // Fresh nodes every time: a JsonNode can have one parent only.
        var leaf = Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            Gen.Choose(0, 6).Select(i => (JsonNode?)(i switch
            {
                0 => JsonValue.Create(true),
                1 => JsonValue.Create(false),
                2 => JsonValue.Create(0),
                3 => JsonValue.Create(-1),
                4 => JsonValue.Create(long.MaxValue),
                5 => JsonValue.Create(double.MaxValue),
                _ => JsonValue.Create(1.5),
            })),
            AnyString.Select(s => (JsonNode?)JsonValue.Create(s)));
        if (size <= 1)
        {
            return leaf;
        }

        var child = Gen.Sized(s => JsonOfSize(s / 3)).Resize(size / 2);
        var keys = Gen.Frequency((3, Gen.Elements("appid", "provider", "token", "refresh", "jwt", "user")), (1, AnyString));
        return Gen.Frequency(
            (3, leaf),
            (2, Gen.ListOf(Gen.Zip(keys, child), Math.Min(size, 6)).Select(pairs =>
            {
                var obj = new JsonObject();
                foreach (var (key, value) in pairs)
                {
                    obj[key] = value;
                }

                return (JsonNode?)obj;
            })),
            (1, Gen.ListOf(child, Math.Min(size, 6)).Select(items => (JsonNode?)new JsonArray([.. items]))));
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        bool b => JsonValue.Create(b),
        double d => JsonValue.Create(d),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>Three generators zipped into a value tuple.</summary>
    public static Gen<(T1 Item1, T2 Item2, T3 Item3)> Zip3<T1, T2, T3>(Gen<T1> first, Gen<T2> second, Gen<T3> third) =>
        Gen.Zip(Gen.Zip(first, second, (a, b) => (a, b)), third, (ab, c) => (ab.a, ab.b, c));

    /// <summary>Serializes JSON; a string with a lone surrogate cannot be written as JSON, so it is written as text instead.</summary>
    private static byte[] Utf8(JsonNode? node)
    {
        try
        {
            return Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null");
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8.GetBytes(node?.ToString() ?? "null");
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetBytes(node?.ToString() ?? "null");
        }
    }

    // The families an independent check found answered 500: other encodings, invalid UTF-8, escaped lone surrogates, XML.
    private static byte[] Encoded(JsonObject json, int how)
    {
        var text = Encoding.UTF8.GetString(Utf8(json));
        return how switch
        {
            0 => Encoding.Unicode.GetBytes(text),
            1 => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            2 => Encoding.UTF32.GetBytes(text),
            3 => [.. Encoding.Unicode.GetBytes(text), 0x7B],
            4 => [.. Encoding.UTF8.GetBytes(text), 0xFF, 0xC0, 0xAF],
            5 => Encoding.UTF8.GetBytes(text.Replace("\"token\":\"", "\"token\":\"\\ud800", StringComparison.Ordinal)),
            6 => Encoding.Latin1.GetBytes(text + "\u00e9"),
            _ => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><a>" + text + "</a>"),
        };
    }

    private static string Encode(string value)
    {
        // WebUtility replaces a lone surrogate instead of throwing, so any string encodes.
        return WebUtility.UrlEncode(value);
    }

    private static string Repeat(string unit, int length) => string.Concat(Enumerable.Repeat(unit, Math.Max(1, length / unit.Length)));

    private static string Mutate(string value, int index, char replacement) => value[..index] + replacement + value[(index + 1)..];

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
