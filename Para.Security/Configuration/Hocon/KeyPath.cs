// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;

namespace Para.Security.Configuration.Hocon;

/// <summary>An immutable path of object keys (<c>a.b.c</c>), compared by value. Sub-paths share storage.</summary>
internal sealed class KeyPath : IEquatable<KeyPath>
{
    private readonly string[] _items;
    private readonly int _offset;
    private int _hash;

    public KeyPath(string[] items)
        : this(items, 0)
    {
    }

    private KeyPath(string[] items, int offset)
    {
        _items = items;
        _offset = offset;
    }

    public int Length => _items.Length - _offset;

    public string First => _items[_offset];

    public string this[int index] => _items[_offset + index];

    /// <summary>The path without its first element, or null when this path has one element.</summary>
    public KeyPath? Rest => Length > 1 ? new KeyPath(_items, _offset + 1) : null;

    /// <summary>The path without its first <paramref name="count"/> elements.</summary>
    public KeyPath Skip(int count) => count == 0 ? this : new KeyPath(_items, _offset + count);

    public KeyPath Prepend(KeyPath prefix)
    {
        var all = new string[prefix.Length + Length];
        for (var i = 0; i < prefix.Length; i++)
        {
            all[i] = prefix[i];
        }

        for (var i = 0; i < Length; i++)
        {
            all[prefix.Length + i] = this[i];
        }

        return new KeyPath(all);
    }

    public KeyPath Append(KeyPath suffix) => suffix.Prepend(this);

    public bool Equals(KeyPath? other)
    {
        if (other is null || other.Length != Length)
        {
            return false;
        }

        for (var i = 0; i < Length; i++)
        {
            if (!string.Equals(this[i], other[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is KeyPath other && Equals(other);

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var hash = new HashCode();
            for (var i = 0; i < Length; i++)
            {
                hash.Add(this[i], StringComparer.Ordinal);
            }

            _hash = hash.ToHashCode() | 1;
        }

        return _hash;
    }

    /// <summary>Joins the elements with '.', as an environment variable name is looked up.</summary>
    public string JoinWithDots()
    {
        if (Length == 1)
        {
            return First;
        }

        return string.Join('.', _items, _offset, Length);
    }

    /// <summary>Renders the path as HOCON, quoting elements that need it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Length; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            var element = this[i];
            if (NeedsQuotes(element))
            {
                JsonWriter.WriteString(sb, element);
            }
            else
            {
                sb.Append(element);
            }
        }

        return sb.ToString();
    }

    private static bool NeedsQuotes(string element)
    {
        if (element.Length == 0)
        {
            return true;
        }

        foreach (var c in element)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return true;
            }
        }

        return false;
    }
}
