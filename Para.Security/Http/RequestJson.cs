// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Para.Security.Http;

/// <summary>
/// Reads a JSON request body as Para's Jackson does: the encoding comes from the bytes (UTF-8, UTF-16 or UTF-32, with
/// or without a byte order mark, RFC 4627 §3), whatever charset the <c>Content-Type</c> declares. Anything that is not
/// well-formed JSON in one of them (invalid UTF-8, an odd UTF-16 byte count, an escaped lone surrogate such as
/// <c>"\ud800"</c>, which .NET cannot turn into a string) is a <see cref="RequestBodyFailureKind.MalformedJson"/>
/// failure, found here once rather than as an exception wherever a string of the document is read.
/// </summary>
internal static class RequestJson
{
    /// <summary>Reads and parses the body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The largest body accepted, in bytes (<c>para.max_entity_size_bytes</c>).</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The document (the caller disposes it), or why there is none.</returns>
    public static async Task<RequestBodyResult<JsonDocument>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var body = await RequestBodyReader.ReadAsync(request, limit, cancellationToken).ConfigureAwait(false);
        return body.Value is { } bytes ? Parse(bytes) : new(null, body.Failure);
    }

    /// <summary>Parses a JSON body in any of JSON's encodings.</summary>
    /// <param name="body">The body bytes.</param>
    /// <returns>The document (the caller disposes it), or why there is none.</returns>
    public static RequestBodyResult<JsonDocument> Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (ToUtf8(body) is not { } utf8)
        {
            return new(null, RequestBodyFailure.MalformedJson("the body is not text in UTF-8, UTF-16 or UTF-32."));
        }

        try
        {
            if (EscapedLoneSurrogate(utf8))
            {
                return new(null, RequestBodyFailure.MalformedJson("a string holds an unpaired surrogate escape (\\ud800-\\udfff)."));
            }

            return new(JsonDocument.Parse(utf8), null);
        }
        catch (JsonException e)
        {
            return new(null, RequestBodyFailure.MalformedJson(e.Message));
        }
    }

    // Jackson's ByteSourceJsonBootstrapper: a byte order mark, else the pattern of zero bytes in the first four.
    private static ReadOnlyMemory<byte>? ToUtf8(byte[] body)
    {
        ReadOnlySpan<byte> b = body;
        (Encoding? Encoding, int Skip) detected = b switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding?)null, 3),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            [0x00, 0x00, 0x00, not 0x00, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 0),
            [not 0x00, 0x00, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 0),
            [0x00, not 0x00, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 0),
            [not 0x00, 0x00, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 0),
            _ => (null, 0),
        };
        var (encoding, skip) = detected;
        if (encoding is null)
        {
            return Utf8.IsValid(b[skip..]) ? body.AsMemory(skip) : null;
        }

        try
        {
            return Encoding.UTF8.GetBytes(encoding.GetString(body, skip, body.Length - skip));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // Valid UTF-8 bytes can still escape half a surrogate pair; only escaped strings can, so only those are decoded.
    private static bool EscapedLoneSurrogate(ReadOnlyMemory<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8.Span);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
