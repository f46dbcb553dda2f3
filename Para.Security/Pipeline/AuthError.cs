// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Pipeline;

/// <summary>
/// A rejection: an HTTP status, Para's message, and a stable error code (<c>PARASEC####</c>, listed in docs/errors.md).
/// The middleware writes it as Para's <c>{"code":status,"message":…}</c>.
/// </summary>
/// <param name="StatusCode">The HTTP status, which is also the <c>code</c> member of the JSON body.</param>
/// <param name="Message">The message, exactly as Para words it where Para has one.</param>
/// <param name="ErrorCode">The stable error code.</param>
public sealed record AuthError(int StatusCode, string Message, string ErrorCode)
{
    /// <summary>Gets extra response headers, such as <c>WWW-Authenticate</c>.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}
