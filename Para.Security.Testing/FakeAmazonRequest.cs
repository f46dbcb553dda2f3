// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Testing;

/// <summary>
/// One request <see cref="FakeAmazon"/> received, as it arrived on the wire, for exact assertions on outbound calls
/// (header values, form field order and encoding).
/// </summary>
public sealed class FakeAmazonRequest
{
    internal FakeAmazonRequest(
        FakeAmazonEndpoint endpoint,
        string method,
        string path,
        string rawQuery,
        IReadOnlyDictionary<string, IReadOnlyList<string>> headers,
        byte[] rawBody,
        DateTimeOffset receivedAt)
    {
        Endpoint = endpoint;
        Method = method;
        Path = path;
        RawQuery = rawQuery;
        Headers = headers;
        RawBody = rawBody;
        Body = System.Text.Encoding.UTF8.GetString(rawBody);
        Query = FormUrlEncoding.Parse(rawQuery);
        Form = IsForm(headers) ? FormUrlEncoding.Parse(Body) : [];
        ReceivedAt = receivedAt;
    }

    /// <summary>Gets the endpoint the request was routed to, <see cref="FakeAmazonEndpoint.Unmatched"/> if none.</summary>
    public FakeAmazonEndpoint Endpoint { get; }

    /// <summary>Gets the HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>Gets the path, e.g. <c>/auth/o2/token</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the query string as received, without the leading <c>?</c> (empty when there is none).</summary>
    public string RawQuery { get; }

    /// <summary>Gets the query parameters in the order received, form-decoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    /// <summary>Gets the request headers; names compare case-insensitively.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>Gets the body bytes exactly as received.</summary>
    public IReadOnlyList<byte> RawBody { get; }

    /// <summary>Gets the body as UTF-8 text, exactly as received (not decoded), e.g. <c>code=…&amp;redirect_uri=https%3A%2F%2F…</c>.</summary>
    public string Body { get; }

    /// <summary>
    /// Gets the form fields in the order received, form-decoded, when the request's <c>Content-Type</c> is
    /// <c>application/x-www-form-urlencoded</c>; empty otherwise.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form { get; }

    /// <summary>Gets when the request arrived, by the fake's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Gets the HTTP status the fake answered, or <see langword="null"/> when it aborted the connection.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>Gets a short note on why the fake answered as it did, e.g. <c>invalid_grant: redirect_uri differs</c>.</summary>
    public string? Diagnostic { get; internal set; }

    /// <summary>Gets the first value of a header, or <see langword="null"/>.</summary>
    /// <param name="name">The header name, any case.</param>
    /// <returns>The first value, or <see langword="null"/> when the header is absent.</returns>
    public string? GetHeader(string name) =>
        Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>Gets the first value of a form field, or <see langword="null"/>.</summary>
    /// <param name="name">The field name, case-sensitive.</param>
    /// <returns>The decoded value, or <see langword="null"/> when the field is absent.</returns>
    public string? GetFormValue(string name) => FormUrlEncoding.First(Form, name);

    /// <summary>Gets the first value of a query parameter, or <see langword="null"/>.</summary>
    /// <param name="name">The parameter name, case-sensitive.</param>
    /// <returns>The decoded value, or <see langword="null"/> when the parameter is absent.</returns>
    public string? GetQueryValue(string name) => FormUrlEncoding.First(Query, name);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Method} {Path}{(RawQuery.Length > 0 ? "?" + RawQuery : string.Empty)} -> {StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "aborted"}";

    private static bool IsForm(IReadOnlyDictionary<string, IReadOnlyList<string>> headers) =>
        headers.TryGetValue("Content-Type", out var values)
        && values.Count > 0
        && values[0].StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
