// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Fuzzing.Raw;

/// <summary>How a fuzzed request frames its body.</summary>
internal enum RawFraming
{
    /// <summary>A correct <c>Content-Length</c> (also for an empty body).</summary>
    ContentLength,

    /// <summary>A correct chunked body, in random chunk sizes.</summary>
    Chunked,

    /// <summary><c>Transfer-Encoding: chunked</c> followed by broken chunk data (cut short: the client then half-closes).</summary>
    BrokenChunked,

    /// <summary><c>Transfer-Encoding: chunked</c> followed by the body exactly as given: the caller writes the chunk framing.</summary>
    RawChunked,

    /// <summary>Neither header.</summary>
    None,
}

/// <summary>Builds the bytes of one request: request line, headers in the given order, framing, and an optional SigV4 signature.</summary>
internal sealed class RawRequestBuilder(string method, string target, string host)
{
    // Chunk data Kestrel refuses as soon as it reads it: the request must still be answered.
    private static readonly string[] MalformedChunks =
    [
        "zz\r\nabc\r\n0\r\n\r\n", "-1\r\nx\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFFFF\r\nabc\r\n", "5\r\nabcdefgh\r\n0\r\n\r\n", "5\nhello\n0\n\n",
        "0x5\r\nhello\r\n0\r\n\r\n", "\r\n\r\n", " 5\r\nhello\r\n0\r\n\r\n", "5;\x01=\x02\r\nhello\r\n0\r\n\r\n", "3\r\n{}x\r\n0\r\nbad trailer\r\n\r\n",
        "4\r\n\xff\xfe\x00\x01\r\nZ\r\n",
    ];

    // Chunk data cut short: the client half-closes after it, so the server reads end-of-stream instead of waiting.
    private static readonly string[] TruncatedChunks = ["5\r\nab", "3\r\n{\"a\r\n", "80000000\r\n", "3\r\n{}x\r\n0\r\n"];

    private readonly List<(string Name, string Value)> _headers = [("Host", host)];

    public byte[] Body { get; set; } = [];

    public RawFraming Framing { get; set; } = RawFraming.ContentLength;

    public bool Close { get; set; }

    /// <summary>Gets or sets a value indicating whether the client shuts its sending side after the request (so a server waiting for more body gets end-of-stream).</summary>
    public bool HalfClose { get; set; }

    public RawRequestBuilder Header(string name, string value)
    {
        _headers.Add((name, value));
        return this;
    }

    /// <summary>
    /// Signs in headers as ParaClient does (host, x-amz-content-sha256, x-amz-date, and content-type when present), with
    /// <paramref name="credentialScope"/> written into <c>Credential=</c> as given, so odd scopes can be sent over a
    /// signature that is otherwise right.
    /// </summary>
    public RawRequestBuilder Sign(string accessKey, string secret, DateTimeOffset when, string? credentialScope = null)
    {
        var amzDate = TestSigV4Signer.AmzDate(when);
        var payloadHash = TestSigV4Signer.BodyHash(Body);
        Header("X-Amz-Date", amzDate).Header("X-Amz-Content-SHA256", payloadHash);
        var names = new List<string> { "host", "x-amz-content-sha256", "x-amz-date" };
        if (_headers.Any(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            names.Insert(0, "content-type");
        }

        var lines = names.Select(n => n + ":" + string.Join(",", _headers.Where(h => h.Name.Equals(n, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim()))).ToList();
        var signature = TestSigV4Signer.Signature(method, new Uri("http://" + host + target), lines, names, payloadHash, amzDate, secret, "us-east-1", "para");
        var scope = credentialScope ?? $"{amzDate[..8]}/us-east-1/para/aws4_request";
        return Header("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={string.Join(";", names)}, Signature={signature}");
    }

    public RawRequest Build(string family, Random random)
    {
        var head = new StringBuilder().Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        foreach (var (name, value) in _headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        byte[] body = Body;
        switch (Framing)
        {
            case RawFraming.ContentLength:
                head.Append("Content-Length: ").Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
                break;
            case RawFraming.Chunked:
                head.Append("Transfer-Encoding: chunked\r\n");
                body = Chunk(Body, random);
                break;
            case RawFraming.BrokenChunked:
                head.Append("Transfer-Encoding: chunked\r\n");
                var truncated = random.Next(4) == 0;
                var chunks = truncated ? TruncatedChunks : MalformedChunks;
                body = Encoding.Latin1.GetBytes(chunks[random.Next(chunks.Length)]);
                HalfClose |= truncated;
                Close = true; // Kestrel closes the connection after a framing error
                break;
            case RawFraming.RawChunked:
                head.Append("Transfer-Encoding: chunked\r\n");
                break;
        }

        if (Close)
        {
            head.Append("Connection: close\r\n");
        }

        var bytes = Encoding.Latin1.GetBytes(head.Append("\r\n").ToString()).Concat(body).ToArray();
        return new RawRequest(family, bytes, method == "HEAD", Close || HalfClose, HalfClose);
    }

    private static byte[] Chunk(byte[] body, Random random)
    {
        var output = new MemoryStream();
        for (var at = 0; at < body.Length;)
        {
            var size = Math.Min(body.Length - at, random.Next(1, 64));
            output.Write(Encoding.ASCII.GetBytes(size.ToString(random.Next(2) == 0 ? "x" : "X", CultureInfo.InvariantCulture) + "\r\n"));
            output.Write(body, at, size);
            output.Write("\r\n"u8);
            at += size;
        }

        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }
}
