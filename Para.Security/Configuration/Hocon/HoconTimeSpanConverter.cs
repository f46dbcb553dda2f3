// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.ComponentModel;
using System.Globalization;

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// A <see cref="TimeSpan"/> converter that also accepts HOCON durations with a unit (<c>10s</c>,
/// <c>5 minutes</c>, <c>100ms</c>, <c>2 d</c>). Text without a unit (<c>00:00:10</c>, <c>1.02:03:04</c>,
/// and bare numbers) is left to the standard <see cref="TimeSpanConverter"/>, so registering this converter
/// globally does not change how existing values bind; note that a bare number therefore binds with .NET's
/// meaning (days), while <see cref="HoconDuration.TryParse"/> reads it as milliseconds, as HOCON.md says.
/// </summary>
/// <remarks>Registered for <see cref="TimeSpan"/> by <c>HoconConfigurationExtensions.RegisterHoconConverters()</c>.</remarks>
public sealed class HoconTimeSpanConverter : TimeSpanConverter
{
    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is string s && EndsWithUnit(s) && HoconDuration.TryParse(s, out var duration))
        {
            return duration;
        }

        return base.ConvertFrom(context, culture, value);
    }

    private static bool EndsWithUnit(string s)
    {
        var trimmed = s.AsSpan().TrimEnd();
        return trimmed.Length > 0 && char.IsAsciiLetter(trimmed[^1]);
    }
}
