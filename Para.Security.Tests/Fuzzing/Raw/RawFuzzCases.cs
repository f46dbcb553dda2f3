// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Fuzzing.Raw;

/// <summary>
/// Generates hand-written HTTP/1.1 requests, deterministic for a seed, in five families: <c>jwt_auth</c> (bodies in
/// odd encodings and charsets, chunked and broken chunked framing, tokens), <c>api</c> (<c>/v1/…</c>, many requests
/// correctly signed so they reach the endpoints, with repeated query keys and odd credential scopes), <c>amazon</c>
/// (callbacks and <c>/start</c> with repeated keys and odd form bodies), <c>pages</c> (the login pages) and
/// <c>protocol</c> (what Kestrel itself must refuse: odd methods, huge headers, conflicting framing).
/// </summary>
internal sealed class RawFuzzCases(RawFuzzTarget target, int seed)
{
    public static readonly string[] Families = ["jwt_auth", "api", "amazon", "pages", "protocol"];

    private readonly RawFuzzText _text = new(new Random(seed));
    private int _sequence;

    public RawRequest Next()
    {
        _sequence++;
        return _text.Random.Next(100) switch
        {
            < 35 => JwtAuth(),
            < 65 => Api(),
            < 85 => Amazon(),
            < 95 => Pages(),
            _ => Protocol(),
        };
    }

    private RawRequest JwtAuth()
    {
        var t = _text;
        var method = t.Pick("POST", "POST", "POST", "GET", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "FOO");
        var request = new RawRequestBuilder(method, "/jwt_auth" + (t.Chance(30) ? t.Query("appid", "provider", "token", "jwt") : string.Empty), target.Host);
        if (t.Chance(70))
        {
            request.Header("Content-Type", t.ContentType());
        }

        if (method is "GET" or "DELETE" || t.Chance(20))
        {
            request.Header("Authorization", t.Pick("Bearer " + target.UserToken, "Bearer " + target.UserToken[..^2] + "xx", "Bearer ", "Anonymous " + target.SignInApp, "Bearer a.b.c"));
        }

        if (method is not ("GET" or "HEAD" or "OPTIONS") || t.Chance(10))
        {
            request.Body = t.Body(SignInJson());
            request.Framing = t.Pick(RawFraming.ContentLength, RawFraming.ContentLength, RawFraming.Chunked, RawFraming.BrokenChunked);
        }

        return request.Build("jwt_auth", t.Random);
    }

    private string SignInJson()
    {
        var t = _text;
        var token = t.Pick("passwordless", "amazon", "other") switch
        {
            "passwordless" => PasswordlessToken(),
            "amazon" => "Atza|fuzz" + _sequence.ToString(CultureInfo.InvariantCulture),
            _ => t.Pick("", "a:b:c", "email@example.com:n:pw"),
        };
        var fields = new List<string>
        {
            "\"appid\":" + t.Pick("\"" + target.SignInApp + "\"", "\"fuzzapp\"", "\"app:para\"", "\"app:nope\"", t.JsonString(), "1", "null", "[]"),
            "\"provider\":" + t.Pick("\"passwordless\"", "\"amazon\"", "\"PASSWORDLESS\"", "\"ldap\"", t.JsonString(), "{}"),
            "\"token\":" + t.Pick("\"" + token + "\"", "\"" + token + "\"", t.JsonString(), "true"),
        };
        if (t.Chance(15))
        {
            fields.Add(fields[t.Random.Next(fields.Count)]); // a repeated member
        }

        return "{" + string.Join(",", fields.OrderBy(_ => t.Random.Next())) + "}";
    }

    private string PasswordlessToken()
    {
        var n = (_sequence % 50).ToString(CultureInfo.InvariantCulture);
        var claims = new JsonObject
        {
            ["identifier"] = "fuzz:" + n,
            ["email"] = $"fuzz{n}@example.com",
            ["name"] = _text.Pick("Fuzz", "F\u00fczz \U0001F600", "\u202e"),
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
            ["nonce"] = _sequence,
        };
        return TestJwt.Create("HS256", claims, Encoding.UTF8.GetBytes(target.SignInSecret));
    }

    private RawRequest Api()
    {
        var t = _text;
        var (method, path) = t.Random.Next(10) switch
        {
            < 5 => (t.Pick("GET", "PUT", "PUT", "DELETE", "PATCH", "POST"), t.Pick("/v1/_settings", "/v1/_settings/fuzz_key", "/v1/_settings/signin_success")),
            < 7 => (t.Pick("GET", "GET", "POST"), "/v1/_me"),
            < 9 => ("GET", t.Pick("/v1/_setup", "/v1/_setup/fuzz" + (_sequence % 5).ToString(CultureInfo.InvariantCulture))),
            _ => ("POST", "/v1/_newkeys"),
        };

        // Signed query values are kept to characters every signer encodes alike, so the signature matches.
        var query = t.Chance(40) ? "?" + string.Join("&", Enumerable.Range(0, t.Random.Next(1, 14)).Select(_ => t.Pick("appid", "APPID", "a", "x-y", "name") + "=" + t.Pick("1", "a", "app-x", ""))) : string.Empty;
        var request = new RawRequestBuilder(method, path + query, target.Host);
        if (method is "PUT" or "POST" or "PATCH" || t.Chance(10))
        {
            request.Body = t.Body(t.Pick("{\"value\":" + t.JsonString() + "}", "{\"fuzz_key\":" + t.JsonString() + ",\"signin_success\":\"https://myapp.example/welcome?jwt=?\"}", "[1]", "\"x\""));
            request.Header("Content-Type", t.ContentType());
            request.Framing = t.Pick(RawFraming.ContentLength, RawFraming.ContentLength, RawFraming.Chunked, RawFraming.BrokenChunked);
        }

        var secret = path == "/v1/_newkeys" ? "not-the-secret" : target.SettingsSecret; // a valid _newkeys would change the secret
        switch (t.Random.Next(10))
        {
            case < 6:
                var date = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                var scope = t.Chance(60) ? null : t.Pick("", "/", "//us-east-1//aws4_request", $"{date}/us-east-1/para/aws4_request/extra/parts", $"{date}///", $"{date}/eu-west-1/s3/aws4_request", "a/b/c/d/e/f/g/h");
                request.Sign(t.Chance(90) ? target.SettingsApp : t.Pick("app:nope", string.Empty), secret, DateTimeOffset.UtcNow, scope);
                break;
            case < 8:
                request.Header("Authorization", "Bearer " + target.UserToken);
                break;
            default:
                request.Header("Authorization", t.Pick("AWS4-HMAC-SHA256 Credential=/, SignedHeaders=, Signature=", "AWS4-HMAC-SHA256", "Anonymous " + target.SettingsApp, "AWS4-HMAC-SHA256 Credential=" + target.SettingsApp + "//////, SignedHeaders=;;;, Signature=zz"));
                request.Header("X-Amz-Date", t.Pick("20261207T000000Z", "", "x", "2026"));
                break;
        }

        return request.Build("api", t.Random);
    }

    private RawRequest Amazon()
    {
        var t = _text;
        var start = t.Chance(25);
        var method = t.Pick("GET", "GET", "POST", "HEAD", "PUT");
        var path = start ? "/amazon_auth/start" : "/amazon_auth";
        var request = new RawRequestBuilder(method, path + t.Query("appid", "code", "state", "error", "returnto", "host_url", "redirect_uri"), target.Host);
        if (method is "POST" or "PUT")
        {
            var form = t.Query("appid", "code", "state", "error").TrimStart('?');
            request.Header("Content-Type", t.Pick("application/x-www-form-urlencoded", t.ContentType()));
            request.Body = t.Random.Next(4) switch
            {
                0 => Encoding.Unicode.GetBytes(form),
                1 => Encoding.Latin1.GetBytes(form + "&code=\u00ff\u00fe"),
                2 => Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nabc\r\n--x"),
                _ => Encoding.UTF8.GetBytes(form),
            };
            request.Framing = t.Pick(RawFraming.ContentLength, RawFraming.Chunked, RawFraming.BrokenChunked);
        }

        if (t.Chance(30))
        {
            request.Header("Cookie", t.Pick(".para.oauth=zz", "a=b; a=c", "\u00ff=\u00fe", ".para.oauth." + _sequence.ToString(CultureInfo.InvariantCulture) + "=%zz"));
        }

        if (t.Chance(20))
        {
            request.Header("Accept", t.Pick("application/json", "text/html", "*/*"));
        }

        return request.Build("amazon", t.Random);
    }

    private RawRequest Pages()
    {
        var t = _text;
        var (method, path) = t.Pick(("GET", "/"), ("GET", "/signin"), ("GET", "/signed-in"), ("POST", "/signout"), ("HEAD", "/"));
        var request = new RawRequestBuilder(method, path + t.Query("appid", "cause", "error", "jwt"), target.Host);
        if (t.Chance(40))
        {
            request.Header("Cookie", t.Pick("para-auth=" + target.UserToken, "para-auth=a.b.c", "para-auth=%zz", "para-auth=\u00ff", "x=1; x=2"));
        }

        return request.Build("pages", t.Random);
    }

    private RawRequest Protocol()
    {
        var t = _text;
        var request = t.Random.Next(6) switch
        {
            0 => new RawRequestBuilder(t.Pick("GET\t", "G ET", "\u00ffGET", "CONNECT", "TRACE", "PRI"), "/jwt_auth", target.Host),
            1 => new RawRequestBuilder("GET", "/v1/_me", target.Host).Header("X-Big", new string('a', t.Random.Next(8_000, 70_000))),
            2 => new RawRequestBuilder("POST", "/jwt_auth", target.Host).Header("Transfer-Encoding", t.Pick("gzip, chunked", "chunked, gzip", "identity", "chunked")).Header("Content-Length", "3"),
            3 => new RawRequestBuilder("GET", t.Pick("/jwt_auth\u00ff", "*", "http://evil.example/jwt_auth", "/%00", "/../../etc/passwd", "/v1/_settings?" + new string('&', 9000)), target.Host),
            4 => new RawRequestBuilder("POST", "/jwt_auth", target.Host).Header("Content-Length", t.Pick("-1", "1e3", "99999999999999999999", "3, 4")),
            _ => new RawRequestBuilder("GET", "/jwt_auth", target.Host).Header(t.Pick("Bad Header", "X:Y", "\u00e9", ""), "v"),
        };
        request.Framing = RawFraming.None;
        request.HalfClose = true;
        return request.Build("protocol", t.Random);
    }
}
