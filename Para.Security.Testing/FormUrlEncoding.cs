// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Testing;

/// <summary>Order-preserving <c>application/x-www-form-urlencoded</c> parsing (also used for query strings).</summary>
internal static class FormUrlEncoding
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text)
    {
        if (text.StartsWith('?'))
        {
            text = text[1..];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add(new(Decode(name), Decode(value)));
        }

        return pairs;
    }

    public static string? First(IReadOnlyList<KeyValuePair<string, string>> pairs, string name)
    {
        foreach (var pair in pairs)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    public static int Count(IReadOnlyList<KeyValuePair<string, string>> pairs, string name) =>
        pairs.Count(p => string.Equals(p.Key, name, StringComparison.Ordinal));

    public static string Decode(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    public static string Encode(string value) => Uri.EscapeDataString(value);
}
