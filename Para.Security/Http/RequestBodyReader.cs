// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Para.Security.Http;

/// <summary>Reads request bodies under Para's <c>para.max_entity_size_bytes</c> limit.</summary>
internal static class RequestBodyReader
{
    /// <summary>The default <c>para.max_entity_size_bytes</c>: 1 MiB.</summary>
    public const long DefaultMaxEntitySizeBytes = 1024 * 1024;

    /// <summary>Para's message for a body over the limit, e.g. <c>Request is too large - the maximum is 1024 KB.</c></summary>
    /// <param name="limit">The limit in bytes.</param>
    /// <returns>The message.</returns>
    public static string TooLargeMessage(long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"Request is too large - the maximum is {limit / 1024} KB.");

    /// <summary>Reads the whole body, unless it is longer than <paramref name="limit"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The largest body accepted, in bytes.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The body, or <see langword="null"/> when it is too large.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
