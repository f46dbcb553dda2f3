// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Para.Security.Tests.Infrastructure;

/// <summary>Hand-made JWS for validator tests (any alg, any claims) and a decoder for issued ones.</summary>
public static class TestJwt
{
    public static string Create(string alg, JsonObject payload, byte[]? key)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = alg }.ToJsonString()));
        var body = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var input = Encoding.ASCII.GetBytes(header + "." + body);
        var signature = alg switch
        {
            "HS256" => HMACSHA256.HashData(key!, input),
            "HS384" => HMACSHA384.HashData(key!, input),
            "HS512" => HMACSHA512.HashData(key!, input),
            _ => [],
        };
        return header + "." + body + "." + Base64Url.EncodeToString(signature);
    }

    public static string HeaderJson(string token) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0]));

    public static JsonObject Payload(string token) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();

    public static byte[] Key(int length) => Encoding.UTF8.GetBytes(new string('k', length));
}
