// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;

namespace Para.Security.Configuration.Hocon;

/// <summary>Splits "number unit" text (<c>10s</c>, <c>5 minutes</c>, <c>1.5 GiB</c>) as HOCON.md's unit format describes.</summary>
internal static class UnitText
{
    public static bool TrySplit(string? text, out decimal number, out string unit)
    {
        number = 0;
        unit = string.Empty;
        if (text is null)
        {
            return false;
        }

        var s = text.AsSpan().Trim();
        while (s.Length > 0 && Tokenizer.IsWhitespace(s[0]))
        {
            s = s[1..];
        }

        while (s.Length > 0 && Tokenizer.IsWhitespace(s[^1]))
        {
            s = s[..^1];
        }

        var unitStart = s.Length;
        while (unitStart > 0 && char.IsAsciiLetter(s[unitStart - 1]))
        {
            unitStart--;
        }

        unit = s[unitStart..].ToString();
        var numberText = s[..unitStart];
        while (numberText.Length > 0 && Tokenizer.IsWhitespace(numberText[^1]))
        {
            numberText = numberText[..^1];
        }

        if (numberText.Length == 0)
        {
            return false;
        }

        // Exponents are allowed ("1e3 ms"), but then the 'e' must not have been taken as part of the unit.
        return decimal.TryParse(numberText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out number);
    }
}
