// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.RateLimiting;

/// <summary>
/// Decides which rate-limit refusals get a log line: the first refusal of a client (an IP address or /64, or an app for
/// the per-app limit) in each window, never the rest, so that a client hammering a sign-in path cannot fill the disk.
/// The client's next line says how many of its refusals went unlogged since its last one. At most
/// <see cref="MaxClients"/> clients are tracked at once; refusals of further clients in the same windows share one
/// line per window, under the client name <see cref="Others"/>.
/// </summary>
public sealed class RateLimitRefusalLog
{
    /// <summary>How many clients are tracked at once.</summary>
    public const int MaxClients = 10_000;

    /// <summary>The client name of refusals beyond <see cref="MaxClients"/> clients.</summary>
    public const string Others = "(other clients)";

    private readonly TimeProvider _time;
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private DateTimeOffset _firstEnd = DateTimeOffset.MaxValue;

    /// <summary>Initializes a new instance of the <see cref="RateLimitRefusalLog"/> class.</summary>
    /// <param name="time">The clock.</param>
    public RateLimitRefusalLog(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>Records a refusal and tells whether to log it.</summary>
    /// <param name="client">The client the limit counts (its partition key).</param>
    /// <param name="retryAfter">When the client's window ends.</param>
    /// <param name="loggedAs">The client name to log: <paramref name="client"/>, or <see cref="Others"/>.</param>
    /// <param name="unlogged">When to log: how many refusals of that client went unlogged since its last line.</param>
    /// <returns><see langword="true"/> for the first refusal of the client in its window.</returns>
    public bool ShouldLog(string client, TimeSpan retryAfter, out string loggedAs, out long unlogged)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = _time.GetUtcNow();
        loggedAs = client;
        lock (_windows)
        {
            if (!_windows.ContainsKey(client) && _windows.Count >= MaxClients)
            {
                // Only when a window has ended: a flood of new clients within one window costs no scan each.
                if (now >= _firstEnd)
                {
                    Purge(now);
                }

                loggedAs = _windows.Count >= MaxClients ? Others : client;
            }

            if (_windows.TryGetValue(loggedAs, out var window) && now < window.Ends)
            {
                window.Unlogged++;
                unlogged = 0;
                return false;
            }

            unlogged = window?.Unlogged ?? 0;
            var ends = now + (retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1));
            _windows[loggedAs] = new Window(ends);
            _firstEnd = ends < _firstEnd ? ends : _firstEnd;
            return true;
        }
    }

    private void Purge(DateTimeOffset now)
    {
        _firstEnd = DateTimeOffset.MaxValue;
        foreach (var (client, window) in _windows)
        {
            if (window.Ends <= now)
            {
                _windows.Remove(client);
            }
            else if (window.Ends < _firstEnd)
            {
                _firstEnd = window.Ends;
            }
        }
    }

    private sealed class Window(DateTimeOffset ends)
    {
        public DateTimeOffset Ends { get; } = ends;

        public long Unlogged { get; set; }
    }
}
