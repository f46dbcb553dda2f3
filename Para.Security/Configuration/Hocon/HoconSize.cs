// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.ComponentModel;
using System.Globalization;

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// A size in bytes written in HOCON's size format (HOCON.md "Size in bytes format"): a number with an
/// optional unit. Powers of ten: <c>kB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>, <c>PB</c>, <c>EB</c> (and the
/// spelled-out <c>kilobyte(s)</c> ...); powers of two: <c>K</c>/<c>k</c>/<c>Ki</c>/<c>KiB</c>/<c>kibibyte(s)</c>,
/// <c>M</c>/<c>m</c>/<c>Mi</c>/<c>MiB</c> ...; bytes: <c>B</c>/<c>b</c>/<c>byte(s)</c>. A bare number is bytes.
/// So <c>10MB</c> is 10,000,000 and <c>10M</c>/<c>10MiB</c> is 10,485,760.
/// </summary>
/// <remarks>
/// Use this type for option properties that hold sizes: it has a <see cref="TypeConverter"/>, so
/// <c>configuration.Get&lt;T&gt;()</c> binds <c>max = 10MB</c> to a <see cref="HoconSize"/> property, and it
/// converts implicitly to <see cref="long"/>. (A global converter for <see cref="long"/> would change how
/// every configuration source binds integers, so none is registered.)
/// </remarks>
[TypeConverter(typeof(HoconSizeConverter))]
public readonly struct HoconSize : IEquatable<HoconSize>
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = Build();

    /// <summary>Creates a size of <paramref name="bytes"/> bytes.</summary>
    /// <param name="bytes">The number of bytes.</param>
    public HoconSize(long bytes) => Bytes = bytes;

    /// <summary>The size in bytes.</summary>
    public long Bytes { get; }

    /// <summary>The size in bytes.</summary>
    /// <param name="size">The size.</param>
    public static implicit operator long(HoconSize size) => size.Bytes;

    /// <summary>Creates a size from a byte count.</summary>
    /// <param name="bytes">The number of bytes.</param>
    public static implicit operator HoconSize(long bytes) => new(bytes);

    /// <summary>Equality by byte count.</summary>
    /// <param name="left">A size.</param>
    /// <param name="right">Another size.</param>
    /// <returns>True if equal.</returns>
    public static bool operator ==(HoconSize left, HoconSize right) => left.Equals(right);

    /// <summary>Inequality by byte count.</summary>
    /// <param name="left">A size.</param>
    /// <param name="right">Another size.</param>
    /// <returns>True if different.</returns>
    public static bool operator !=(HoconSize left, HoconSize right) => !left.Equals(right);

    /// <summary>Parses a size such as <c>10MB</c>, <c>512K</c>, <c>1.5 GiB</c> or <c>4096</c> (bytes).</summary>
    /// <param name="text">The text.</param>
    /// <param name="bytes">The size in bytes.</param>
    /// <returns>True if the text is a valid, non-negative size that fits in a <see cref="long"/>.</returns>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (!UnitText.TrySplit(text, out var number, out var unit) || number < 0)
        {
            return false;
        }

        if (!BytesPerUnit.TryGetValue(unit.Length == 0 ? "B" : unit, out var factor))
        {
            return false;
        }

        try
        {
            var value = decimal.Truncate(number * factor);
            if (value > long.MaxValue)
            {
                return false;
            }

            bytes = (long)value;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses a size, throwing <see cref="FormatException"/> when it is not valid.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The size.</returns>
    public static HoconSize Parse(string text) =>
        TryParse(text, out var bytes) ? new HoconSize(bytes) : throw new FormatException($"'{text}' is not a HOCON size (a number with an optional unit such as B, K, KiB, kB, M, MB, G or GB)");

    /// <summary>Creates a size from a byte count.</summary>
    /// <param name="bytes">The number of bytes.</param>
    /// <returns>The size.</returns>
    public static HoconSize FromInt64(long bytes) => new(bytes);

    /// <summary>The size in bytes.</summary>
    /// <returns>The number of bytes.</returns>
    public long ToInt64() => Bytes;

    /// <inheritdoc />
    public bool Equals(HoconSize other) => Bytes == other.Bytes;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is HoconSize other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Bytes.GetHashCode();

    /// <summary>The byte count as an invariant integer.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Bytes.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, decimal> Build()
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal factor, params string[] names)
        {
            foreach (var name in names)
            {
                map.Add(name, factor);
            }
        }

        Add(1m, "B", "b", "byte", "bytes");
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string letters = "KMGTPEZY";
        decimal power10 = 1m;
        decimal power2 = 1m;
        for (var i = 0; i < letters.Length; i++)
        {
            power10 *= 1000m;
            power2 *= 1024m;
            var upper = letters[i].ToString();
            var lower = char.ToLowerInvariant(letters[i]).ToString();
            var decimalSymbol = i == 0 ? "kB" : upper + "B";
            Add(power10, decimalSymbol, decimalNames[i] + "byte", decimalNames[i] + "bytes");
            Add(power2, upper, lower, upper + "i", upper + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes");
        }

        return map;
    }
}
