// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Para.Security.Configuration.Hocon;

/// <summary>A resolved HOCON object. Keys keep the order in which they were first defined.</summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after the HOCON value type, like HoconArray and HoconScalar; the public API fixes this name.")]
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private const int LinearLookupLimit = 8;
    private readonly string[] _keys;
    private readonly HoconValue[] _values;
    private Dictionary<string, int>? _index;

    internal HoconObject(string[] keys, HoconValue[] values)
    {
        _keys = keys;
        _values = values;
    }

    /// <inheritdoc />
    public override HoconValueType Type => HoconValueType.Object;

    /// <summary>The number of keys.</summary>
    public int Count => _keys.Length;

    /// <summary>The keys, in order.</summary>
    public IEnumerable<string> Keys => _keys;

    /// <summary>The values, in key order.</summary>
    public IEnumerable<HoconValue> Values => _values;

    /// <summary>The value of a direct key (not a path).</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="KeyNotFoundException">The key is not present.</exception>
    public HoconValue this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"key '{key}' is not in the object");

    /// <summary>Whether the object has the direct key <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True if present.</returns>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Gets the value of a direct key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, if present.</param>
    /// <returns>True if present.</returns>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            value = null;
            return false;
        }

        value = _values[index];
        return true;
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_keys.Length <= LinearLookupLimit)
        {
            for (var i = 0; i < _keys.Length; i++)
            {
                if (string.Equals(_keys[i], key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        var index = _index;
        if (index is null)
        {
            index = new Dictionary<string, int>(_keys.Length, StringComparer.Ordinal);
            for (var i = 0; i < _keys.Length; i++)
            {
                index[_keys[i]] = i;
            }

            _index = index;
        }

        return index.TryGetValue(key, out var found) ? found : -1;
    }

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
        for (var i = 0; i < _keys.Length; i++)
        {
            FlattenInto(result, _keys[i], _values[i]);
        }

        return result;
    }

    private static void FlattenInto(List<KeyValuePair<string, string?>> result, string prefix, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                for (var i = 0; i < obj._keys.Length; i++)
                {
                    FlattenInto(result, prefix + ":" + obj._keys[i], obj._values[i]);
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
    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            yield return new KeyValuePair<string, HoconValue>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
