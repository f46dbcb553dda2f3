// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Para.Security.Configuration.Hocon;

/// <summary>A resolved HOCON object. Keys keep the order in which they were first defined.</summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after the HOCON value type, like HoconArray and HoconScalar; the public API fixes this name.")]
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    internal HoconObject(OrderedDictionary<string, HoconValue> fields) => _fields = fields;

    /// <inheritdoc />
    public override HoconValueType Type => HoconValueType.Object;

    /// <summary>The number of keys.</summary>
    public int Count => _fields.Count;

    /// <summary>The keys, in order.</summary>
    public IEnumerable<string> Keys => _fields.Keys;

    /// <summary>The values, in key order.</summary>
    public IEnumerable<HoconValue> Values => _fields.Values;

    /// <summary>The value of a direct key (not a path).</summary>
    /// <param name="key">The key.</param>
    public HoconValue this[string key] => _fields[key];

    /// <summary>Whether the object has the direct key <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True if present.</returns>
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <summary>Gets the value of a direct key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, if present.</param>
    /// <returns>True if present.</returns>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) => _fields.TryGetValue(key, out value);

    /// <summary>
    /// Looks up a HOCON path expression such as <c>a.b.c</c> or <c>a."b.c".d</c>.
    /// </summary>
    /// <param name="path">The path expression.</param>
    /// <param name="value">The value at the path, if present.</param>
    /// <returns>True if every element of the path exists.</returns>
    /// <exception cref="ArgumentException">The path is not a valid path expression.</exception>
    public bool TryGetPath(string path, [NotNullWhen(true)] out HoconValue? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var keys = PathExpression.Parse(path);
        HoconValue current = this;
        for (var i = 0; i < keys.Length; i++)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(keys[i], out var next))
            {
                value = null;
                return false;
            }

            current = next;
        }

        value = current;
        return true;
    }

    /// <summary>
    /// Flattens the object into configuration key/value pairs: nested keys are joined with ':'
    /// (<c>a.b.c</c> becomes <c>a:b:c</c>), array elements get their index (<c>a:0</c>, <c>a:1</c>),
    /// scalars give their text (numbers keep their original text, booleans are <c>true</c>/<c>false</c>),
    /// <c>null</c> gives a null value, and empty objects and arrays give no entries.
    /// </summary>
    /// <returns>The pairs, in key order.</returns>
    public IEnumerable<KeyValuePair<string, string?>> Flatten()
    {
        var result = new List<KeyValuePair<string, string?>>();
        foreach (var (key, value) in _fields)
        {
            FlattenInto(result, key, value);
        }

        return result;
    }

    private static void FlattenInto(List<KeyValuePair<string, string?>> result, string prefix, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                foreach (var (key, child) in obj._fields)
                {
                    FlattenInto(result, prefix + ":" + key, child);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    FlattenInto(result, prefix + ":" + i.ToString(CultureInfo.InvariantCulture), array[i]);
                }

                break;
            case HoconScalar scalar:
                result.Add(new KeyValuePair<string, string?>(prefix, scalar.GetString()));
                break;
        }
    }

    /// <summary>Enumerates the key/value pairs in order.</summary>
    /// <returns>An enumerator.</returns>
    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
