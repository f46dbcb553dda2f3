// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using Para.Security.Configuration;

namespace Para.Security.Identity;

/// <summary>
/// A Snowflake-style <see cref="IIdGenerator"/>: 41 bits of milliseconds since 2000-01-01T00:00Z, 10 bits of worker id
/// (<c>para.worker_id</c>, default 1) and 12 bits of sequence. Ids are strictly increasing per instance, even when the
/// clock steps back or more than 4096 ids are drawn in one millisecond (the generator then borrows the next millisecond
/// instead of waiting).
/// </summary>
/// <remarks>
/// The epoch is older than Para's own, so ids issued here are numerically above every id an existing Para installation
/// has issued so far: migrated data cannot collide with new objects.
/// </remarks>
public sealed class SnowflakeIdGenerator : IIdGenerator
{
    /// <summary>The epoch, 2000-01-01T00:00:00Z, in Unix milliseconds.</summary>
    public const long EpochMilliseconds = 946_684_800_000;

    private const int SequenceBits = 12;
    private const int WorkerBits = 10;
    private const long MaxSequence = (1L << SequenceBits) - 1;
    private const long MaxWorkerId = (1L << WorkerBits) - 1;

    private readonly TimeProvider _timeProvider;
    private readonly long _workerId;
    private readonly Lock _gate = new();
    private long _lastMilliseconds = -1;
    private long _sequence;

    /// <summary>Initializes a new instance of the <see cref="SnowflakeIdGenerator"/> class.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="workerId">This instance's worker id, 0 to 1023; give each server instance its own.</param>
    public SnowflakeIdGenerator(TimeProvider timeProvider, long workerId = 1)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(workerId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workerId, MaxWorkerId);
        _timeProvider = timeProvider;
        _workerId = workerId;
    }

    /// <summary>Initializes a new instance of the <see cref="SnowflakeIdGenerator"/> class from <c>para.worker_id</c>.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="config">The Para configuration.</param>
    public SnowflakeIdGenerator(TimeProvider timeProvider, ParaConfig config)
        : this(timeProvider, (config ?? throw new ArgumentNullException(nameof(config))).GetInt64("worker_id", 1))
    {
    }

    /// <inheritdoc />
    public string NewId()
    {
        long milliseconds;
        long sequence;
        lock (_gate)
        {
            var now = Math.Max(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - EpochMilliseconds, 0);
            if (now > _lastMilliseconds)
            {
                _lastMilliseconds = now;
                _sequence = 0;
            }
            else if (_sequence < MaxSequence)
            {
                // Same millisecond, or the clock stepped back: stay on the last millisecond and count up.
                _sequence++;
            }
            else
            {
                _lastMilliseconds++;
                _sequence = 0;
            }

            milliseconds = _lastMilliseconds;
            sequence = _sequence;
        }

        var id = (milliseconds << (WorkerBits + SequenceBits)) | (_workerId << SequenceBits) | sequence;
        return id.ToString(CultureInfo.InvariantCulture);
    }
}
