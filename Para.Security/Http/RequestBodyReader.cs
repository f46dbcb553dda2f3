// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Para.Security.Http;

/// <summary>
/// Reads request bodies under Para's <c>para.max_entity_size_bytes</c> limit. Every body the server reads goes through
/// here, so a body Kestrel cannot read (broken chunked framing, cut short, too slow: a
/// <see cref="BadHttpRequestException"/> thrown while the app reads) becomes a 4xx <see cref="RequestBodyFailure"/>
/// instead of an exception that would end as a 500. Kestrel reports a chunk size that overflows as an
/// <see cref="IOException"/>, and so does a connection reset mid-body: both are the client's doing and get the same 4xx.
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>The default <c>para.max_entity_size_bytes</c>: 1 MiB.</summary>
    public const long DefaultMaxEntitySizeBytes = 1024 * 1024;

    /// <summary>Reads the whole body, unless it is longer than <paramref name="limit"/> or cannot be read.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The largest body accepted, in bytes.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The body, or why there is none.</returns>
    public static async Task<RequestBodyResult<byte[]>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            return new(null, RequestBodyFailure.TooLarge(limit));
        }

        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return new(null, RequestBodyFailure.TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }

            return new(buffer.ToArray(), null);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException)
        {
            return new(null, RequestBodyFailure.Unreadable(e));
        }
    }

    /// <summary>
    /// Hashes the whole body as received (lower-case hex SHA-256) and rewinds it, so the endpoint reads it again (Para's
    /// <c>BufferedRequestWrapper</c>); used to verify a signed request.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The hash, or why the body could not be read.</returns>
    public static async Task<RequestBodyResult<string>> HashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException)
        {
            return new(null, RequestBodyFailure.Unreadable(e));
        }

        request.Body.Position = 0;
        return new(Convert.ToHexStringLower(hash.GetHashAndReset()), null);
    }
}
