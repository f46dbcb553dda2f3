// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// The order in which an object's fields are resolved. For the few configurations whose result depends
/// on that order (a field that is both looked up through a self-referential merge and resolved on its
/// own), the reference implementation's answer is the one produced by visiting keys in the iteration
/// order of a default-capacity Java <c>HashMap</c>; this reproduces that order (bucket of the key's
/// <c>String.hashCode</c>, then definition order), so results match it.
/// </summary>
internal static class ResolveOrder
{
    /// <summary>
    /// Writes the indexes of the fields whose values are not resolved yet, in resolution order, to
    /// <paramref name="order"/> (as long as the field count) and returns how many there are. Resolved
    /// values resolve to themselves without side effects, so their place in the order does not matter.
    /// </summary>
    public static int Unresolved(FieldMap fields, Span<int> order)
    {
        var count = fields.Count;
        var unresolved = 0;
        var last = -1;
        for (var i = 0; i < count; i++)
        {
            if (!fields.ValueAt(i).IsResolved)
            {
                unresolved++;
                last = i;
            }
        }

        if (unresolved <= 1)
        {
            order[0] = last;
            return unresolved;
        }

        var capacity = 16;
        while (count > capacity * 3 / 4)
        {
            capacity *= 2;
        }

        // Sort by (bucket, definition index) packed into one long, so the sort needs no delegate.
        Span<long> composite = unresolved <= 64 ? stackalloc long[unresolved] : new long[unresolved];
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (fields.ValueAt(i).IsResolved)
            {
                continue;
            }

            var h = JavaHash(fields.KeyAt(i));
            long bucket = (h ^ (int)((uint)h >> 16)) & (capacity - 1);
            composite[n++] = (bucket << 32) | (uint)i;
        }

        composite.Sort();
        for (var i = 0; i < unresolved; i++)
        {
            order[i] = (int)(composite[i] & 0xFFFFFFFF);
        }

        return unresolved;
    }

    private static int JavaHash(string s)
    {
        var h = 0;
        foreach (var c in s)
        {
            h = unchecked((31 * h) + c);
        }

        return h;
    }
}
