// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// Parses HOCON durations (HOCON.md "Duration format"): a number followed by an optional, case-sensitive
/// unit: <c>ns</c>/<c>nano(s)</c>/<c>nanosecond(s)</c>, <c>us</c>/<c>micro(s)</c>/<c>microsecond(s)</c>,
/// <c>ms</c>/<c>milli(s)</c>/<c>millisecond(s)</c>, <c>s</c>/<c>second(s)</c>, <c>m</c>/<c>minute(s)</c>,
/// <c>h</c>/<c>hour(s)</c>, <c>d</c>/<c>day(s)</c>. A bare number is milliseconds. Whitespace may separate
/// number and unit; the number may be negative or have a fraction (<c>1.5h</c>).
/// Precision is that of <see cref="TimeSpan"/> (100 ns ticks; finer parts are truncated).
/// </summary>
public static class HoconDuration
{
    private static readonly Dictionary<string, decimal> NanosPerUnit = Build();

    /// <summary>Parses a duration such as <c>10s</c>, <c>5 minutes</c>, <c>100ms</c>, <c>2 d</c> or <c>250</c> (milliseconds).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    /// <returns>True if the text is a valid duration that fits in a <see cref="TimeSpan"/>.</returns>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!UnitText.TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        if (!NanosPerUnit.TryGetValue(unit.Length == 0 ? "ms" : unit, out var nanos))
        {
            return false;
        }

        try
        {
            var ticks = decimal.Truncate(number * nanos / 100m);
            if (ticks > long.MaxValue || ticks < long.MinValue)
            {
                return false;
            }

            value = TimeSpan.FromTicks((long)ticks);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses a duration, throwing <see cref="FormatException"/> when it is not valid.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a HOCON duration (a number with an optional unit such as ms, s, m, h or d)");

    private static Dictionary<string, decimal> Build()
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal nanos, params string[] names)
        {
            foreach (var name in names)
            {
                map.Add(name, nanos);
            }
        }

        Add(1m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(1_000m, "us", "micro", "micros", "microsecond", "microseconds");
        Add(1_000_000m, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(1_000_000_000m, "s", "second", "seconds");
        Add(60_000_000_000m, "m", "minute", "minutes");
        Add(3_600_000_000_000m, "h", "hour", "hours");
        Add(86_400_000_000_000m, "d", "day", "days");
        return map;
    }
}
