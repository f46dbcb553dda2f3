// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections;

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// A small insertion-ordered string-keyed map for object fields: arrays with linear search, plus a
/// hash index once it grows. Mutable while an object is built; treated as immutable once an
/// <see cref="ObjectNode"/> owns it.
/// </summary>
internal sealed class FieldMap : IEnumerable<KeyValuePair<string, Node>>
{
    private const int IndexThreshold = 16;
    private string[] _keys;
    private Node[] _values;
    private int _count;
    private Dictionary<string, int>? _index;
    private bool _keysShared;

    public FieldMap()
        : this(8)
    {
    }

    public FieldMap(int capacity)
    {
        _keys = capacity > 0 ? new string[capacity] : [];
        _values = capacity > 0 ? new Node[capacity] : [];
    }

    private FieldMap(string[] sharedKeys, Node[] values, int count)
    {
        _keys = sharedKeys;
        _values = values;
        _count = count;
        _keysShared = true;
    }

    public int Count => _count;

    /// <summary>How many fields fit before the storage grows.</summary>
    public int Capacity => _keys.Length;

    public Node this[string key]
    {
        set
        {
            var i = IndexOf(key);
            if (i >= 0)
            {
                _values[i] = value;
            }
            else
            {
                Append(key, value);
            }
        }
    }

    public string KeyAt(int index) => _keys[index];

    public Node ValueAt(int index) => _values[index];

    public KeyValuePair<string, Node> GetAt(int index) => new(_keys[index], _values[index]);

    public bool TryGetValue(string key, out Node value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = null!;
            return false;
        }

        value = _values[i];
        return true;
    }

    public void Add(string key, Node value)
    {
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"duplicate key '{key}'", nameof(key));
        }

        Append(key, value);
    }

    /// <summary>Adds a key known not to be present.</summary>
    public void AddNew(string key, Node value) => Append(key, value);

    public void Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return;
        }

        OwnKeys();
        Array.Copy(_keys, i + 1, _keys, i, _count - i - 1);
        Array.Copy(_values, i + 1, _values, i, _count - i - 1);
        _count--;
        _keys[_count] = null!;
        _values[_count] = null!;
        _index = null;
    }

    /// <summary>Empties the map, keeping its storage (for a map that is reused while objects are built).</summary>
    public void Clear()
    {
        OwnKeys();
        Array.Clear(_keys, 0, _count);
        Array.Clear(_values, 0, _count);
        _count = 0;
        _index?.Clear();
    }

    /// <summary>A copy whose storage is exactly as large as its contents (the hash index is rebuilt when needed).</summary>
    public FieldMap ToCompact()
    {
        var copy = new FieldMap(_count);
        Array.Copy(_keys, copy._keys, _count);
        Array.Copy(_values, copy._values, _count);
        copy._count = _count;
        return copy;
    }

    /// <summary>A copy for replacing values in place: it shares this map's keys until one is added or removed.</summary>
    public FieldMap WithSameKeys() => new(_keys, _values[.._count], _count);

    /// <summary>Replaces the value at <paramref name="index"/> (the key stays).</summary>
    public void SetValueAt(int index, Node value) => _values[index] = value;

    public void RemoveAt(int index) => Remove(_keys[index]);

    /// <summary>The keys in order, as an array that must not be changed (shared when the storage is exact).</summary>
    public string[] KeysArray() => _keys.Length == _count ? _keys : _keys[.._count];

    public FieldMap Copy()
    {
        var copy = new FieldMap(_count + 1);
        Array.Copy(_keys, copy._keys, _count);
        Array.Copy(_values, copy._values, _count);
        copy._count = _count;
        if (_index is not null)
        {
            copy._index = new Dictionary<string, int>(_index, StringComparer.Ordinal);
        }

        return copy;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, Node>> IEnumerable<KeyValuePair<string, Node>>.GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return GetAt(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<string, Node>>)this).GetEnumerator();

    private int IndexOf(string key)
    {
        if (_index is null && _count > IndexThreshold)
        {
            BuildIndex();
        }

        if (_index is not null)
        {
            return _index.TryGetValue(key, out var found) ? found : -1;
        }

        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void Append(string key, Node value)
    {
        OwnKeys();
        if (_count == _keys.Length)
        {
            var capacity = Math.Max(4, _count * 2);
            Array.Resize(ref _keys, capacity);
            Array.Resize(ref _values, capacity);
        }

        _keys[_count] = key;
        _values[_count] = value;
        _count++;
        // The hash index is built lazily by the first lookup, then kept up to date.
        _index?.Add(key, _count - 1);
    }

    private void OwnKeys()
    {
        if (_keysShared)
        {
            _keys = _keys[.._count];
            _keysShared = false;
        }
    }

    private void BuildIndex()
    {
        _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            _index[_keys[i]] = i;
        }
    }

    /// <summary>Allocation-free enumeration of the fields in order.</summary>
    public struct Enumerator
    {
        private readonly FieldMap _map;
        private int _index;

        public Enumerator(FieldMap map)
        {
            _map = map;
            _index = -1;
        }

        public readonly KeyValuePair<string, Node> Current => _map.GetAt(_index);

        public bool MoveNext() => ++_index < _map._count;
    }
}
