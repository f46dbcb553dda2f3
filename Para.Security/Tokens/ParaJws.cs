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

    // A payload buffer that grew past this (a user with a huge claim) is not kept for the thread's next token.
    private const int MaxKeptPayloadBytes = 16 * 1024;

    // Scratch space, not state: a thread takes the buffer and writer while it signs and resets them before putting them
    // back, so nothing one signing wrote is ever read by the next, on any host. They are per thread, not per host,
    // because they hold nothing a host owns (no key, no setting, no user), like the pooled array below.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_payload;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    // base64url of {"alg":"HS256"} and the dot: every Para token starts with these bytes.
    private static ReadOnlySpan<byte> HeaderAndDot => "eyJhbGciOiJIUzI1NiJ9."u8;

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

        // Every sign-in and refresh signs a token: the payload's buffer and writer are kept per thread (taken while in
        // use), and the signing input, the signature and the token are assembled in one pooled buffer, so the token
        // string is the only allocation.
        var payload = t_payload ?? new ArrayBufferWriter<byte>(512);
        var writer = t_writer;
        t_payload = null;
        t_writer = null;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(payload);
        }
        else
        {
            writer.Reset(payload);
        }

        byte[]? token = null;
        try
        {
            writer.WriteStartObject();
            writeClaims(writer);
            writer.WriteEndObject();
            writer.Flush();

            var header = HeaderAndDot;
            var inputLength = header.Length + Base64Url.GetEncodedLength(payload.WrittenCount);
            var length = inputLength + 1 + Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes);
            token = ArrayPool<byte>.Shared.Rent(length);
            header.CopyTo(token);
            Base64Url.EncodeToUtf8(payload.WrittenSpan, token.AsSpan(header.Length), out _, out _);
            Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, token.AsSpan(0, inputLength), signature);
            token[inputLength] = (byte)'.';
            Base64Url.EncodeToUtf8(signature, token.AsSpan(inputLength + 1), out _, out _);
            return Encoding.ASCII.GetString(token, 0, length);
        }
        finally
        {
            if (token is not null)
            {
                ArrayPool<byte>.Shared.Return(token);
            }

            if (payload.Capacity <= MaxKeptPayloadBytes)
            {
                payload.ResetWrittenCount();
                t_payload = payload;
                t_writer = writer;
            }
        }
    }
}
