// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections;

namespace Para.Security.Configuration.Hocon;

/// <summary>A resolved HOCON array.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly HoconValue[] _items;

    internal HoconArray(HoconValue[] items) => _items = items;

    /// <inheritdoc />
    public override HoconValueType Type => HoconValueType.Array;

    /// <summary>The number of elements.</summary>
    public int Count => _items.Length;

    /// <summary>The element at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based index.</param>
    public HoconValue this[int index] => _items[index];

    /// <summary>Enumerates the elements in order.</summary>
    /// <returns>An enumerator.</returns>
    public IEnumerator<HoconValue> GetEnumerator() => ((IEnumerable<HoconValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
