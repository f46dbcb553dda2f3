// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Para.Security.Tests.Infrastructure;

/// <summary>
/// Our own minimal client that puts ParaClient-for-.NET's bytes on the wire (para-spec.md §10.2) and reads replies as
/// ParaClient does (§10.3). Written from the spec; no ParaClient code. What it does:
/// <list type="bullet">
/// <item>every request: <c>Accept: application/json</c>, <c>User-Agent: Para client for .NET</c>;</item>
/// <item>with a user token: <c>Authorization: Bearer</c>, refreshing first (<c>GET /jwt_auth</c>) once the refresh time has
/// passed or lies after the expiry;</item>
/// <item>else with a secret: SigV4 in headers over <c>host;x-amz-content-sha256;x-amz-date</c> (+ <c>content-type</c> with
/// a body), service <c>para</c>, region <c>us-east-1</c>;</item>
/// <item>else: <c>Authorization: Anonymous {accessKey}</c>;</item>
/// <item>JSON bodies as <c>Content-Type: application/json</c> (no charset); DELETE sends the 2-byte body <c>""</c>.</item>
/// </list>
/// Replies: 200, 201 and 304 are success; anything else (204 included) is a failure (<see langword="null"/>).
/// </summary>
public sealed class ParaClientWire
{
    public const string UserAgent = "Para client for .NET";

    private readonly HttpClient _http;

    public ParaClientWire(HttpClient http, string accessKey, string? secretKey)
    {
        _http = http;
        AccessKey = accessKey;
        SecretKey = secretKey;
    }

    public string AccessKey { get; }

    public string? SecretKey { get; }

    public string? AccessToken { get; private set; }

    public long TokenExpires { get; private set; } = -1;

    public long TokenRefresh { get; private set; } = -1;

    /// <summary>Gets or sets the clock used for signatures and the refresh rule.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Gets every request sent, with its body bytes, in order.</summary>
    public List<(HttpRequestMessage Request, byte[] Body)> Sent { get; } = [];

    /// <summary><c>signIn(provider, token)</c>: the user JSON, or <see langword="null"/> (and the token cleared) on failure.</summary>
    public async Task<JsonObject?> SignInAsync(string provider, string providerToken)
    {
        var body = new JsonObject { ["appid"] = AccessKey, ["provider"] = provider, ["token"] = providerToken };
        var reply = Entity(await InvokeAsync(HttpMethod.Post, "/jwt_auth", body));
        if (reply is null)
        {
            ClearAccessToken();
            return null;
        }

        return ReadTokenReply(reply);
    }

    /// <summary><c>refreshToken()</c>: GET /jwt_auth with the current token.</summary>
    public async Task<bool> RefreshTokenAsync()
    {
        var reply = Entity(await InvokeAsync(HttpMethod.Get, "/jwt_auth", null));
        if (reply is null)
        {
            ClearAccessToken();
            return false;
        }

        ReadTokenReply(reply);
        return true;
    }

    /// <summary><c>revokeAllTokens()</c>: DELETE /jwt_auth; true only for a 200/201/304 reply.</summary>
    public async Task<bool> RevokeAllTokensAsync() => Entity(await InvokeAsync(HttpMethod.Delete, "/jwt_auth", null)) is not null;

    public async Task<JsonObject?> MeAsync() => Entity(await InvokeAsync(HttpMethod.Get, "_me", null));

    public async Task<JsonObject?> AppSettingsAsync(string? key = null) =>
        Entity(await InvokeAsync(HttpMethod.Get, key is null ? "_settings" : "_settings/" + key, null));

    public async Task<bool> AddAppSettingAsync(string key, JsonNode? value) =>
        IsSuccess(await InvokeAsync(HttpMethod.Put, "_settings/" + key, new JsonObject { ["value"] = value }));

    public async Task<bool> SetAppSettingsAsync(JsonObject settings) => IsSuccess(await InvokeAsync(HttpMethod.Put, "_settings", settings));

    public async Task<bool> RemoveAppSettingAsync(string key) => IsSuccess(await InvokeAsync(HttpMethod.Delete, "_settings/" + key, null));

    public async Task<JsonObject?> NewKeysAsync() => Entity(await InvokeAsync(HttpMethod.Post, "_newkeys", null));

    public void ClearAccessToken()
    {
        AccessToken = null;
        TokenExpires = -1;
        TokenRefresh = -1;
    }

    /// <summary>Sends one request the way ParaClient does; <paramref name="resourcePath"/> is relative to <c>/v1/</c> unless it is <c>/jwt_auth</c>.</summary>
    public async Task<HttpResponseMessage> InvokeAsync(HttpMethod method, string resourcePath, JsonNode? entity)
    {
        var path = resourcePath.StartsWith("/jwt_auth", StringComparison.Ordinal) ? resourcePath : "/v1/" + resourcePath.TrimStart('/');
        if (AccessToken is not null && !(method == HttpMethod.Get && path == "/jwt_auth"))
        {
            await RefreshIfDueAsync();
        }

        // DELETE carries the JSON serialisation of an empty byte array: "" (2 bytes).
        var body = method == HttpMethod.Delete ? Encoding.UTF8.GetBytes("\"\"") : entity is null ? null : Encoding.UTF8.GetBytes(entity.ToJsonString());
        var request = new HttpRequestMessage(method, new Uri(_http.BaseAddress!, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (AccessToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + AccessToken);
        }
        else if (!string.IsNullOrEmpty(SecretKey))
        {
            string[] signed = body is null ? ["host", "x-amz-content-sha256", "x-amz-date"] : ["content-type", "host", "x-amz-content-sha256", "x-amz-date"];
            TestSigV4Signer.SignHeaders(request, body ?? [], AccessKey, SecretKey, Clock.GetUtcNow(), signed);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Anonymous " + AccessKey);
        }

        Sent.Add((request, body ?? []));
        return await _http.SendAsync(request);
    }

    /// <summary>ParaClient's reading of a reply: the JSON object for 200/201/304, else null. HTML or plain text throws.</summary>
    public static JsonObject? Entity(HttpResponseMessage response)
    {
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NotModified)
        {
            return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
        }

        if (text.Length > 0 && response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.NoContent))
        {
            _ = JsonNode.Parse(text)!.AsObject(); // error bodies must be JSON objects
        }

        return null;
    }

    private static bool IsSuccess(HttpResponseMessage response) => Entity(response) is not null;

    // Para's client: refresh when the token is not expired and the refresh time has passed or lies after the expiry.
    private async Task RefreshIfDueAsync()
    {
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (TokenExpires > now && (TokenRefresh < now || TokenRefresh > TokenExpires))
        {
            await RefreshTokenAsync();
        }
    }

    /// <summary>Reads a sign-in or refresh reply as ParaClient does: a map of maps, then jwt.access_token, jwt.expires, jwt.refresh as string, long, long.</summary>
    public JsonObject ReadTokenReply(JsonObject reply)
    {
        foreach (var (name, value) in reply)
        {
            if (value is not JsonObject)
            {
                throw new JsonException($"member '{name}' of the token reply is not an object");
            }
        }

        var jwt = reply["jwt"]?.AsObject() ?? throw new KeyNotFoundException("jwt");
        var user = reply["user"]?.AsObject() ?? throw new KeyNotFoundException("user");
        AccessToken = jwt["access_token"] is JsonValue token && token.GetValueKind() == JsonValueKind.String ? token.GetValue<string>() : throw new InvalidCastException("access_token");
        TokenExpires = Long(jwt, "expires");
        TokenRefresh = Long(jwt, "refresh");
        return user;
    }

    private static long Long(JsonObject json, string name)
    {
        var node = json[name] ?? throw new KeyNotFoundException(name);
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && long.TryParse(value.ToJsonString(), out var whole))
        {
            return whole;
        }

        throw new InvalidCastException($"'{name}' is not a JSON integer: {node.ToJsonString()}");
    }
}
