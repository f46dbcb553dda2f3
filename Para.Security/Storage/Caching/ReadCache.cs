// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Para.Security.Storage.Caching;

/// <summary>
/// A small time-bounded cache of store records, safe against the classic read/write race: a value read from the store
/// is kept only if no write of its key reached this cache since the read began (<see cref="Generation"/>), so a slow read
/// can never put back a value that a concurrent write replaced. Writes are told apart by stripes of keys, so a steady
/// stream of writes to other records does not keep the cache from filling. A write either invalidates, or, when the
/// store numbers the record's versions (a user's <c>version</c>, incremented by every update in commit order), stores
/// what it wrote: the higher version wins, so two writes that finish in another order than they committed keep the
/// newer one.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The cached record; callers copy mutable records on the way in and out.</typeparam>
internal sealed class ReadCache<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    // A power of two; a write marks the stripe of its key with its generation (see Fill).
    private const int Stripes = 256;

    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly long[] _lastWriteOfStripe = new long[Stripes];
    private readonly TimeProvider _time;
    private readonly long _ttl;
    private readonly int _maxEntries;

    // The dictionary's size is counted (which takes all its locks) only once per this many insertions.
    private readonly int _sizeCheckInterval;
    private long _writes;
    private int _inserts;

    /// <summary>Initializes a new instance of the <see cref="ReadCache{TKey, TValue}"/> class.</summary>
    /// <param name="options">The lifetime and size bound.</param>
    /// <param name="time">The clock.</param>
    public ReadCache(StoreCacheOptions options, TimeProvider time)
    {
        _time = time;
        _ttl = (long)(options.Ttl.TotalSeconds * time.TimestampFrequency);
        _maxEntries = Math.Max(1, options.MaxEntries);
        _sizeCheckInterval = Math.Clamp(_maxEntries / 8, 1, 1024);
    }

    /// <summary>
    /// Gets the write generation; take it before reading the store and pass it to <see cref="Fill"/>. It can be taken
    /// before the record's key is known (a look-up by another key that returns the record).
    /// </summary>
    public long Generation => Volatile.Read(ref _writes);

    /// <summary>Gets the number of records held, expired ones included (for tests and diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary>Looks up a live record.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The record, when found and not expired.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && _time.GetTimestamp() < entry.ExpiresAt)
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Keeps a record read from the store, unless a write of a key of its stripe reached the cache since
    /// <paramref name="generation"/> (writes of other records do not count).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The record as read.</param>
    /// <param name="generation">The <see cref="Generation"/> taken before the read began.</param>
    /// <param name="version">The record's stored version, when the store numbers them.</param>
    public void Fill(TKey key, TValue value, long generation, long version = 0)
    {
        ref var lastWrite = ref _lastWriteOfStripe[StripeOf(key)];
        if (Volatile.Read(ref lastWrite) > generation)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var entry = new Entry(value, now + _ttl, version);
        if (_entries.TryAdd(key, entry))
        {
            TrimIfFull(now);
        }
        else if (_entries.TryGetValue(key, out var existing) && existing.ExpiresAt <= now)
        {
            _entries.TryUpdate(key, entry, existing);
        }

        // A write that marked the stripe between the check above and the insertion must not be undone by it. One that
        // had not marked it yet changes or removes the entry itself afterwards: a write marks, then changes the entries.
        if (Volatile.Read(ref lastWrite) > generation)
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    /// <summary>
    /// Keeps the record a write has just stored with <paramref name="version"/>, unless the cache already holds a live
    /// higher version of it (a later write of this process that finished first).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The record as written.</param>
    /// <param name="version">The version the store gave it.</param>
    public void Store(TKey key, TValue value, long version)
    {
        MarkWrite(key);
        var now = _time.GetTimestamp();
        var entry = new Entry(value, now + _ttl, version);
        while (true)
        {
            if (!_entries.TryGetValue(key, out var existing))
            {
                if (_entries.TryAdd(key, entry))
                {
                    TrimIfFull(now);
                    return;
                }
            }
            else if (existing.Version > version)
            {
                // A newer write is cached; an expired one is not trusted, and neither is this older record.
                if (existing.ExpiresAt <= now)
                {
                    _entries.TryRemove(KeyValuePair.Create(key, existing));
                }

                return;
            }
            else if (_entries.TryUpdate(key, entry, existing))
            {
                return;
            }
        }
    }

    /// <summary>Forgets a record after the store was written (or a write failed and its outcome is unknown).</summary>
    /// <param name="key">The key.</param>
    public void Invalidate(TKey key)
    {
        MarkWrite(key);
        _entries.TryRemove(key, out _);
    }

    /// <summary>Gets the stripe of a key (internal for tests that need keys of different stripes).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The stripe number.</returns>
    internal static int StripeOf(TKey key) => EqualityComparer<TKey>.Default.GetHashCode(key) & (Stripes - 1);

    // Takes the next generation and records it as the last write of the key's stripe, keeping the higher of two
    // concurrent writes, before the caller changes the entries.
    private void MarkWrite(TKey key)
    {
        var generation = Interlocked.Increment(ref _writes);
        ref var lastWrite = ref _lastWriteOfStripe[StripeOf(key)];
        var seen = Volatile.Read(ref lastWrite);
        while (seen < generation)
        {
            var found = Interlocked.CompareExchange(ref lastWrite, generation, seen);
            if (found == seen)
            {
                return;
            }

            seen = found;
        }
    }

    private void TrimIfFull(long now)
    {
        if (Interlocked.Increment(ref _inserts) % _sizeCheckInterval != 0 || _entries.Count <= _maxEntries)
        {
            return;
        }

        foreach (var pair in _entries)
        {
            if (pair.Value.ExpiresAt <= now)
            {
                _entries.TryRemove(pair);
            }
        }

        if (_entries.Count > _maxEntries)
        {
            _entries.Clear();
        }
    }

    private sealed record Entry(TValue Value, long ExpiresAt, long Version);
}
