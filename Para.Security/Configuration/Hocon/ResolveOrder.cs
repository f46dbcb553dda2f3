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
    public static int[] For(FieldMap fields)
    {
        var count = fields.Count;
        var order = new int[count];
        if (count <= 1)
        {
            return order;
        }

        var capacity = 16;
        while (count > capacity * 3 / 4)
        {
            capacity *= 2;
        }

        // Sort by (bucket, definition index) packed into one long, so the sort needs no delegate.
        var composite = new long[count];
        for (var i = 0; i < count; i++)
        {
            var h = JavaHash(fields.KeyAt(i));
            long bucket = (h ^ (int)((uint)h >> 16)) & (capacity - 1);
            composite[i] = (bucket << 32) | (uint)i;
        }

        Array.Sort(composite);
        for (var i = 0; i < count; i++)
        {
            order[i] = (int)(composite[i] & 0xFFFFFFFF);
        }

        return order;
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
