// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Para.Security.Identity;

namespace Para.Security.Tokens;

/// <summary>
/// Builds Para's compact HS256 JWS by hand. Para's protected header is exactly <c>{"alg":"HS256"}</c>; the IdentityModel
/// handlers always add <c>typ</c>, so the header is a constant here and the payload is written with <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class ParaJws
{
    /// <summary>The shortest HS256 key Para's library accepts: 256 bits.</summary>
    public const int MinimumHs256KeyBytes = 32;

    /// <summary>base64url(<c>{"alg":"HS256"}</c>): every Para token starts with this plus a dot.</summary>
    public const string EncodedHeader = "eyJhbGciOiJIUzI1NiJ9";

    /// <summary>Returns the HMAC key of a user token (session or ID): UTF-8 of app secret + user token secret.</summary>
    public static byte[] UserKey(ParaApp app, ParaUser user) => Encoding.UTF8.GetBytes(app.Secret + (user.TokenSecret ?? string.Empty));

    /// <summary>Returns the HMAC key of a super token: UTF-8 of the app secret.</summary>
    public static byte[] AppKey(ParaApp app) => Encoding.UTF8.GetBytes(app.Secret);

    /// <summary>Signs a payload; returns <see langword="null"/> when the key is shorter than 32 bytes, as Para's signer fails then.</summary>
    public static string? SignHs256(byte[] key, Action<Utf8JsonWriter> writeClaims)
    {
        if (key.Length < MinimumHs256KeyBytes)
        {
            return null;
        }

        var payload = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writeClaims(writer);
            writer.WriteEndObject();
        }

        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(payload.WrittenSpan);
        var signature = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
