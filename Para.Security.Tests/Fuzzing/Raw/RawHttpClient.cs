// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Para.Security.Tests.Fuzzing.Raw;

/// <summary>
/// A bare HTTP/1.1 client over one TCP socket: writes a request's bytes exactly as given and reads one response
/// (status line, headers, a Content-Length, chunked or read-to-close body). Keeps the connection alive between
/// requests and opens a new one when either side closes it.
/// </summary>
internal sealed class RawHttpClient(int port, TimeSpan timeout) : IDisposable
{
    /// <summary>The status of a request that got no answer before the server closed the connection.</summary>
    public const int NoAnswer = 0;

    /// <summary>The status of a request whose answer did not come within the timeout.</summary>
    public const int TimedOut = -1;

    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private bool _reused;
    private int _start;
    private int _end;

    /// <summary>Sends a request and returns the answer's status (or <see cref="NoAnswer"/>, <see cref="TimedOut"/>).</summary>
    public int Send(RawRequest request)
    {
        var status = SendOnce(request);
        if (status == NoAnswer && _reused && !request.HalfClose)
        {
            // The server closed an idle kept-alive connection just as the request went out: once more on a new one.
            status = SendOnce(request);
        }

        return status;
    }

    public void Dispose() => Drop();

    private int SendOnce(RawRequest request)
    {
        if (_socket is null)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = (int)timeout.TotalMilliseconds };
            _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            _reused = false;
            _start = _end = 0;
        }
        else
        {
            _reused = true;
        }

        var close = request.HalfClose || request.Close;
        int status;
        try
        {
            _socket.Send(request.Bytes);
            if (request.HalfClose)
            {
                _socket.Shutdown(SocketShutdown.Send);
            }

            status = ReadResponse(request.IsHead, ref close);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            status = TimedOut;
        }
        catch (SocketException)
        {
            status = NoAnswer;
        }

        if (close || status <= 0)
        {
            Drop();
        }

        return status;
    }

    private int ReadResponse(bool isHead, ref bool close)
    {
        int status;
        do
        {
            var head = ReadUntil("\r\n\r\n"u8);
            if (head is null)
            {
                return NoAnswer;
            }

            var lines = Encoding.Latin1.GetString(head).Split("\r\n");
            status = lines[0].Length >= 12 ? int.Parse(lines[0].AsSpan(9, 3), CultureInfo.InvariantCulture) : NoAnswer;
            long? length = null;
            var chunked = false;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var (name, value) = colon < 0 ? (line, string.Empty) : (line[..colon].Trim(), line[(colon + 1)..].Trim());
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Contains("close", StringComparison.OrdinalIgnoreCase))
                {
                    close = true;
                }
            }

            if (isHead || status is 204 or 304 || (status >= 100 && status < 200))
            {
                continue;
            }

            if (chunked)
            {
                SkipChunkedBody();
            }
            else if (length is { } n)
            {
                Skip(n);
            }
            else
            {
                close = true; // read to the end: nothing else can follow on this connection
                while (Fill())
                {
                    _start = _end;
                }
            }
        }
        while (status >= 100 && status < 200);

        return status;
    }

    private void SkipChunkedBody()
    {
        while (true)
        {
            var line = ReadUntil("\r\n"u8) ?? throw new SocketException((int)SocketError.ConnectionReset);
            var text = Encoding.Latin1.GetString(line).Split(';')[0].Trim();
            var size = long.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while (ReadUntil("\r\n"u8) is { Length: > 0 })
                {
                    // trailers
                }

                return;
            }

            Skip(size + 2);
        }
    }

    private void Skip(long count)
    {
        while (count > 0)
        {
            if (_start == _end && !Fill())
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    // Returns the bytes before the delimiter (consuming both), or null at end of stream.
    private byte[]? ReadUntil(ReadOnlySpan<byte> delimiter)
    {
        while (true)
        {
            var at = _buffer.AsSpan(_start, _end - _start).IndexOf(delimiter);
            if (at >= 0)
            {
                var found = _buffer.AsSpan(_start, at).ToArray();
                _start += at + delimiter.Length;
                return found;
            }

            if (!Fill())
            {
                return null;
            }
        }
    }

    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("A response line or header block is longer than 64 KiB.");
        }

        var read = _socket!.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        _end += read;
        return read > 0;
    }

    private void Drop()
    {
        _socket?.Dispose();
        _socket = null;
    }
}
