// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace Para.Security.Testing;

/// <summary>What the fake answers to one request, turned into a WireMock response message at the end.</summary>
internal sealed class Reply
{
    public const string JsonContentType = "application/json;charset=UTF-8";
    public const string HtmlContentType = "text/html;charset=UTF-8";
    public const string TextContentType = "text/plain;charset=UTF-8";

    private readonly List<KeyValuePair<string, string>> _headers = [];

    private Reply(int statusCode, string? contentType, byte[]? body, string diagnostic)
    {
        StatusCode = statusCode;
        Body = body;
        Diagnostic = diagnostic;
        if (contentType is not null)
        {
            _headers.Add(new("Content-Type", contentType));
        }
    }

    public int StatusCode { get; }

    public byte[]? Body { get; }

    public string Diagnostic { get; }

    public FaultType Fault { get; private set; } = FaultType.NONE;

    public static Reply Json(int statusCode, string json, string diagnostic) =>
        new Reply(statusCode, JsonContentType, Encoding.UTF8.GetBytes(json), diagnostic).WithHeader("Cache-Control", "no-store").WithHeader("Pragma", "no-cache");

    public static Reply Html(int statusCode, string html, string diagnostic) =>
        new(statusCode, HtmlContentType, Encoding.UTF8.GetBytes(html), diagnostic);

    public static Reply Text(int statusCode, string text, string diagnostic) =>
        new(statusCode, TextContentType, Encoding.UTF8.GetBytes(text), diagnostic);

    public static Reply Bytes(int statusCode, string contentType, byte[] body, string diagnostic) =>
        new(statusCode, contentType, body, diagnostic);

    public static Reply Redirect(string location, string diagnostic) =>
        new Reply(302, null, null, diagnostic).WithHeader("Location", location).WithHeader("Cache-Control", "no-store");

    public Reply WithHeader(string name, string value)
    {
        _headers.Add(new(name, value));
        return this;
    }

    public Reply WithFault(FaultType fault)
    {
        Fault = fault;
        return this;
    }

    public ResponseMessage ToResponseMessage()
    {
        var headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in _headers)
        {
            headers[name] = new WireMockList<string>(value);
        }

        var message = new ResponseMessage
        {
            StatusCode = StatusCode,
            Headers = headers,
            FaultType = Fault,
        };

        if (Body is not null)
        {
            message.BodyData = new BodyData
            {
                BodyAsBytes = Body,
                DetectedBodyType = BodyType.Bytes,
            };
        }

        return message;
    }
}
