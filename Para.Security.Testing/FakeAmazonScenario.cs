// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Testing;

/// <summary>
/// A misbehaviour <see cref="FakeAmazon"/> can be told to show on an endpoint, see
/// <see cref="FakeAmazon.WithScenario(FakeAmazonEndpoint, FakeAmazonScenario, int?)"/>. Injected answers are given
/// before the request is processed, so they consume no code and mint no token.
/// </summary>
public enum FakeAmazonScenario
{
    /// <summary>Normal behaviour.</summary>
    None = 0,

    /// <summary>Authorize only: the customer declines; redirect with <c>error=access_denied</c>, <c>error_description</c> and <c>state</c>.</summary>
    AccessDenied,

    /// <summary>Token only: HTTP 400 <c>invalid_grant</c> in LWA's shape.</summary>
    InvalidGrant,

    /// <summary>Token only: HTTP 401 <c>invalid_client</c> in LWA's shape.</summary>
    InvalidClient,

    /// <summary>HTTP 500 with an HTML body (Amazon's plain error page, not JSON).</summary>
    ServerError,

    /// <summary>HTTP 503 with a plain-text body and a <c>Retry-After</c> header.</summary>
    ServiceUnavailable,

    /// <summary>HTTP 429 with a <c>Retry-After</c> header (seconds, see <see cref="FakeAmazon.RetryAfter"/>).</summary>
    TooManyRequests,

    /// <summary>HTTP 200 with <c>Content-Type: text/html</c> and an HTML page instead of JSON.</summary>
    HtmlBody,

    /// <summary>HTTP 200 <c>application/json</c> whose body is cut off half-way.</summary>
    TruncatedJson,

    /// <summary>HTTP 200 with a valid JSON body of at least <see cref="FakeAmazon.LargeBodySize"/> bytes.</summary>
    LargeBody,

    /// <summary>Profile and tokeninfo: a successful answer without <c>user_id</c>.</summary>
    MissingUserId,

    /// <summary>Profile only: a successful answer without <c>email</c>.</summary>
    MissingEmail,

    /// <summary>Profile only: a successful answer without <c>name</c>.</summary>
    MissingName,

    /// <summary>HTTP 200 with an empty body (WireMock's <c>EMPTY_RESPONSE</c> fault).</summary>
    EmptyResponse,

    /// <summary>HTTP 200 whose body is half the normal answer followed by random bytes (WireMock's <c>MALFORMED_RESPONSE_CHUNK</c> fault).</summary>
    MalformedChunk,

    /// <summary>The connection is aborted before any response is written; the client sees a reset or premature end.</summary>
    ConnectionReset,

    /// <summary>
    /// HTTP 200 <c>application/json</c> with a normal-looking answer whose headers come at once but whose body trickles in,
    /// one byte per <see cref="FakeAmazon.SlowBodyInterval"/>: a client without a timeout on reading the body hangs.
    /// </summary>
    SlowBody,
}
