// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;

namespace Para.Security.Tests.Fuzzing.Raw;

/// <summary>Hostile pieces of requests, drawn from a seeded <see cref="Random"/>: query strings, JSON bodies in odd encodings, content types.</summary>
internal sealed class RawFuzzText(Random random)
{
    private static readonly string[] Values =
    [
        "", "a", "app:fuzzapp", "fuzzapp", "app:para", "para", "%zz", "%", "%ff", "%C0%AF", "%ED%A0%80", "%00", "+", "%2B", "a%26b=c",
        "%E2%80%AE", "..%2F..%2F", "<script>", "%22", "x|y", "fuzzapp|1", "okcode", "1e309", "-1", "%F0%9F%98%80", "%C3%A9", "\u00e9",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json;charset=UTF-16", "application/json; charset=utf-16le",
        "application/json; charset=utf-32", "application/json; charset=iso-8859-1", "application/json; charset=bogus", "application/xml",
        "text/xml; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=utf-7", "application/x-www-form-urlencoded; charset=bogus", "multipart/form-data; boundary=x",
        "multipart/form-data", "application/json; charset=\"utf-8", ";;;", "",
    ];

    public Random Random => random;

    public T Pick<T>(params T[] items) => items[random.Next(items.Length)];

    public bool Chance(int percent) => random.Next(100) < percent;

    public string ContentType() => Pick(ContentTypes);

    /// <summary>A query string (with its '?', or empty): the given keys, repeated, case-changed, encoded oddly, sometimes more than ten.</summary>
    public string Query(params string[] keys)
    {
        var count = Chance(10) ? random.Next(11, 40) : random.Next(0, 6);
        var pairs = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var key = Chance(80) && keys.Length > 0 ? Pick(keys) : Pick("k" + i, "", "%zz", "a b", "X-Amz-Date", "X-Amz-Credential", "accessKey");
            key = random.Next(6) switch
            {
                0 => key.ToUpperInvariant(),
                1 => string.Concat(key.Select(c => "%" + ((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture))),
                _ => key,
            };
            pairs.Add(Chance(10) ? key : key + "=" + Pick(Values));
            if (Chance(30))
            {
                pairs.Add(key + "=" + Pick(Values)); // the same key again
            }
        }

        return pairs.Count == 0 ? string.Empty : "?" + string.Join(Pick("&", "&", "&&", ";"), pairs);
    }

    /// <summary>A JSON text in UTF-8, UTF-16 or UTF-32 (BOM or not), or broken bytes: invalid UTF-8, odd UTF-16, lone surrogates, XML.</summary>
    public byte[] Body(string json) => random.Next(16) switch
    {
        0 => new UnicodeEncoding(false, Chance(50)).GetPreamble().Concat(Encoding.Unicode.GetBytes(json)).ToArray(),
        1 => new UnicodeEncoding(true, Chance(50)).GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(json)).ToArray(),
        2 => new UTF32Encoding(Chance(50), true).GetBytes(json),
        3 => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(json)).ToArray(),
        4 => Encoding.Unicode.GetBytes(json).Concat(new byte[] { 0x7B }).ToArray(), // odd byte count
        5 => Encoding.Unicode.GetBytes(json).Concat(new byte[] { 0x00, 0xD8 }).ToArray(), // a lone high surrogate
        6 => Splice(Encoding.UTF8.GetBytes(json), Pick<byte[]>([0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80])),
        7 => Encoding.UTF8.GetBytes(json.Replace("\"app", "\"\\ud800app", StringComparison.Ordinal).Replace("\"token\"", "\"\\udc00token\"", StringComparison.Ordinal)),
        8 => Encoding.Latin1.GetBytes(json.Replace("a", "\u00e9", StringComparison.Ordinal)),
        9 => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><jwt appid=\"app:fuzzapp\">\u00e9</jwt>"),
        10 => Enumerable.Range(0, random.Next(0, 300)).Select(_ => (byte)random.Next(256)).ToArray(),
        11 => [],
        12 => Encoding.UTF8.GetBytes(json[..random.Next(json.Length + 1)]),
        _ => Encoding.UTF8.GetBytes(json),
    };

    /// <summary>A JSON string literal of any content, escapes included.</summary>
    public string JsonString() => "\"" + Pick("", "x", "app:fuzzapp", "\\ud800", "\\udfff\\ud800", "\\u0000", "\u00e9\u00e8", "\U0001F600", "a\\\"b", "\\/", new string('a', random.Next(0, 3000))) + "\"";

    private byte[] Splice(byte[] text, byte[] bad)
    {
        var at = random.Next(text.Length + 1);
        return [.. text.AsSpan(0, at), .. bad, .. text.AsSpan(at)];
    }
}
