// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;

namespace Para.Security.Tests.Fuzzing.Raw;

/// <summary>
/// One hand-written HTTP/1.1 request: its exact bytes, the endpoint family it aims at (for the per-family counts), and
/// how the connection is used (<paramref name="HalfClose"/>: the client shuts its sending side after the bytes, so a
/// body cut short ends in end-of-stream instead of a wait).
/// </summary>
internal sealed record RawRequest(string Family, byte[] Bytes, bool IsHead, bool Close, bool HalfClose)
{
    /// <summary>The request as text for a failure message: non-printable bytes escaped, cut to 600 characters.</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append('[').Append(Family).Append("] ");
        foreach (var b in Bytes.AsSpan(0, Math.Min(Bytes.Length, 600)))
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n\n",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => $"\\x{b:X2}",
            });
        }

        return Bytes.Length > 600 ? text.Append($"…({Bytes.Length} bytes)").ToString() : text.ToString();
    }
}
