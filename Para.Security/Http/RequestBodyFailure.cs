// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using Microsoft.AspNetCore.Http;
using Para.Security.Diagnostics;

namespace Para.Security.Http;

/// <summary>Why a request body cannot be used, with the client error that answers it (never a 5xx).</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="StatusCode">The status to answer: 400, or Kestrel's own 4xx for a body it refused (408, 413).</param>
/// <param name="Message">The message of Para's error JSON.</param>
/// <param name="ErrorCode">The stable error code.</param>
internal sealed record RequestBodyFailure(RequestBodyFailureKind Kind, int StatusCode, string Message, string ErrorCode)
{
    /// <summary>A body over <c>para.max_entity_size_bytes</c>: Para's 400 <c>Request is too large - the maximum is {n} KB.</c></summary>
    /// <param name="limit">The limit in bytes.</param>
    /// <returns>The failure.</returns>
    public static RequestBodyFailure TooLarge(long limit) => new(
        RequestBodyFailureKind.TooLarge,
        StatusCodes.Status400BadRequest,
        string.Create(CultureInfo.InvariantCulture, $"Request is too large - the maximum is {limit / 1024} KB."),
        ParaSecurityErrors.RequestTooLarge);

    /// <summary>
    /// A body the server could not read: Kestrel's <see cref="BadHttpRequestException"/> (broken chunked framing, cut
    /// short, too slow, over Kestrel's own size limit) or an <see cref="IOException"/> (a chunk size that overflows, a
    /// connection reset while reading).
    /// </summary>
    /// <param name="exception">The exception; Kestrel's messages name the framing fault and hold no request data.</param>
    /// <returns>The failure.</returns>
    public static RequestBodyFailure Unreadable(Exception exception) => new(
        RequestBodyFailureKind.Unreadable,
        exception is BadHttpRequestException { StatusCode: >= 400 and < 500 } bad ? bad.StatusCode : StatusCodes.Status400BadRequest,
        "The request body could not be read: " + exception.Message,
        ParaSecurityErrors.UnreadableBody);

    /// <summary>A body that is not the JSON expected: Para's 400 <c>Malformed JSON: …</c>.</summary>
    /// <param name="detail">What is wrong with it.</param>
    /// <returns>The failure.</returns>
    public static RequestBodyFailure MalformedJson(string detail) => new(
        RequestBodyFailureKind.MalformedJson,
        StatusCodes.Status400BadRequest,
        "Malformed JSON: " + detail,
        ParaSecurityErrors.MalformedJson);
}
