// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Numerics;

namespace Para.Security.Configuration.Hocon;

/// <summary>A string, number, boolean or null value.</summary>
public sealed class HoconScalar : HoconValue
{
    private readonly HoconValueType _type;

    internal HoconScalar(HoconValueType type, string text, NumberKind numberKind = NumberKind.Int64)
    {
        _type = type;
        Text = text;
        NumberKind = numberKind;
    }

    /// <inheritdoc />
    public override HoconValueType Type => _type;

    /// <summary>
    /// The value as text: a string's value, a number's original text (<c>1.50</c> stays <c>1.50</c>),
    /// <c>true</c>/<c>false</c>, or <c>null</c>.
    /// </summary>
    public string Text { get; }

    /// <summary>True when this is a number without a fraction or exponent (it may exceed the range of <see cref="long"/>).</summary>
    public bool IsInteger => _type == HoconValueType.Number && NumberKind != NumberKind.Double;

    internal NumberKind NumberKind { get; }

    /// <summary>The string value, or null for a HOCON <c>null</c>; other scalars give their text.</summary>
    /// <returns>The text, or null.</returns>
    public string? GetString() => _type == HoconValueType.Null ? null : Text;

    /// <summary>Gets the value as a 64-bit integer if it is a number with an integral value in range.</summary>
    /// <param name="value">The integer value.</param>
    /// <returns>True if the value is such a number.</returns>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (_type != HoconValueType.Number)
        {
            return false;
        }

        if (NumberKind == NumberKind.Int64)
        {
            return long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        if (NumberKind == NumberKind.Double && TryGetDouble(out var d) && Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E18)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <summary>Gets the value as a double if it is a number.</summary>
    /// <param name="value">The value, possibly rounded.</param>
    /// <returns>True if the value is a number.</returns>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        return _type == HoconValueType.Number
            && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Gets the value as a boolean if it is <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The boolean value.</param>
    /// <returns>True if the value is a boolean.</returns>
    public bool TryGetBoolean(out bool value)
    {
        value = _type == HoconValueType.Boolean && Text == "true";
        return _type == HoconValueType.Boolean;
    }

    /// <summary>Returns <see cref="Text"/>.</summary>
    /// <returns>The text of the value.</returns>
    public override string ToString() => Text;

    /// <summary>The JSON form of a number: an integer literal for integral values, otherwise a round-trippable double.</summary>
    internal string JsonNumber()
    {
        switch (NumberKind)
        {
            case NumberKind.Int64:
                return long.Parse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            case NumberKind.BigInteger:
                return BigInteger.Parse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            default:
                var d = double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!double.IsFinite(d))
                {
                    return Text;
                }

                if (Math.Floor(d) == d && Math.Abs(d) < 9.2233720368547758E18)
                {
                    return ((long)d).ToString(CultureInfo.InvariantCulture);
                }

                return d.ToString("R", CultureInfo.InvariantCulture);
        }
    }
}
