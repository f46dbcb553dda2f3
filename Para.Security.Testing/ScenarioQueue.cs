// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Testing;

/// <summary>
/// Per-endpoint first-in first-out list of arranged behaviours, each for a number of calls or until reset.
/// Thread-safe: every take is atomic.
/// </summary>
/// <typeparam name="T">The arranged behaviour (a scenario or a delay).</typeparam>
internal sealed class ScenarioQueue<T>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FakeAmazonEndpoint, List<Entry>> _entries = [];

    public void Add(FakeAmazonEndpoint endpoint, T value, int? times)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(endpoint, out var list))
            {
                list = [];
                _entries[endpoint] = list;
            }

            list.Add(new Entry(value, times));
        }
    }

    /// <summary>Takes one use of the head entry for the endpoint if <paramref name="accept"/> says yes.</summary>
    public bool TryTake(FakeAmazonEndpoint endpoint, Func<T, bool> accept, out T value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(endpoint, out var list) && list.Count > 0 && accept(list[0].Value))
            {
                var head = list[0];
                value = head.Value;
                if (head.Remaining is { } remaining)
                {
                    if (remaining <= 1)
                    {
                        list.RemoveAt(0);
                    }
                    else
                    {
                        list[0] = head with { Remaining = remaining - 1 };
                    }
                }

                return true;
            }

            value = default!;
            return false;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    private sealed record Entry(T Value, int? Remaining);
}
