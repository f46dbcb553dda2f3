// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// Merging (a newer value over an older "fallback") and value concatenation, shared by the parser
/// (for duplicate keys, includes and literal concatenations) and the resolver.
/// </summary>
internal static class NodeMerge
{
    private const int MaxKeptJoined = 64;

    [ThreadStatic]
    private static List<Node>? t_joined;

    /// <summary>
    /// Merges <paramref name="newer"/> over <paramref name="older"/>. Objects merge key by key; any other
    /// resolved value hides what is below it; anything involving unresolved values becomes a delayed merge.
    /// </summary>
    public static Node WithFallback(Node newer, Node older)
    {
        if (newer.IgnoresFallbacks)
        {
            return newer;
        }

        if (older.IsUnmergeable)
        {
            return new MergeNode(newer.Origin, [.. StackOf(newer), .. StackOf(older)]);
        }

        if (newer.IsUnmergeable)
        {
            return new MergeNode(newer.Origin, [.. StackOf(newer), older]);
        }

        if (newer is ObjectNode newerObject)
        {
            if (older is ObjectNode olderObject)
            {
                return MergeObjects(newerObject, olderObject);
            }

            // An object over a non-object: nothing to merge, and nothing further down can merge either.
            return newerObject.IsResolved ? newerObject.WithIgnoresFallbacks() : new MergeNode(newer.Origin, [newer, older]);
        }

        // An unresolved array (a resolved one ignores fallbacks): keep the stack until it is resolved.
        return new MergeNode(newer.Origin, [newer, older]);
    }

    private static Node[] StackOf(Node node) => node is MergeNode m ? m.Stack : [node];

    private static ObjectNode MergeObjects(ObjectNode newer, ObjectNode older)
    {
        var merged = new FieldMap(older.Count + newer.Count);
        foreach (var (key, value) in older.Fields)
        {
            merged.AddNew(key, value);
        }

        foreach (var (key, value) in newer.Fields)
        {
            merged[key] = merged.TryGetValue(key, out var existing) ? WithFallback(value, existing) : value;
        }

        return new ObjectNode(newer.Origin, merged, older.IgnoresFallbacks);
    }

    /// <summary>
    /// Concatenates pieces: adjacent strings join, arrays append, objects merge, and unquoted whitespace
    /// next to an array or object is dropped. Returns null for no pieces, the single value when everything
    /// joined, or a <see cref="ConcatNode"/> when unresolved pieces remain.
    /// </summary>
    public static Node? Concatenate(ReadOnlySpan<Node> pieces, HoconOrigin origin)
    {
        // Joined in a per-thread list: nothing below calls back into Concatenate, and the result is copied out.
        var joined = t_joined ?? new List<Node>();
        t_joined = null;
        foreach (var piece in pieces)
        {
            if (piece is ConcatNode inner)
            {
                foreach (var p in inner.Pieces)
                {
                    Join(joined, p);
                }
            }
            else
            {
                Join(joined, piece);
            }
        }

        var result = joined.Count switch
        {
            0 => null,
            1 => joined[0],
            _ => new ConcatNode(origin, [.. joined]),
        };
        joined.Clear();
        if (joined.Capacity <= MaxKeptJoined)
        {
            t_joined = joined;
        }

        return result;
    }

    private static void Join(List<Node> builder, Node right)
    {
        if (builder.Count == 0)
        {
            builder.Add(right);
            return;
        }

        var left = builder[^1];
        Node? joined;
        if (left is ObjectNode && right is ObjectNode)
        {
            joined = WithFallback(right, left);
        }
        else if (left is ListNode leftList && right is ListNode rightList)
        {
            joined = new ListNode(leftList.Origin, [.. leftList.Items, .. rightList.Items]);
        }
        else if (left is ListNode or ObjectNode && right is ScalarNode { Kind: ScalarKind.String, Quoted: false })
        {
            joined = left;
        }
        else if (left.IsUnmergeable || right.IsUnmergeable)
        {
            joined = null;
        }
        else
        {
            var s1 = TextForConcat(left);
            var s2 = TextForConcat(right);
            if (s1 is null || s2 is null)
            {
                var (culprit, other) = s1 is null ? (left, right) : (right, left);
                throw culprit.Origin.Error(
                    $"cannot concatenate {Describe(culprit)} with {Describe(other)}; only strings/numbers/booleans/null, arrays with arrays, or objects with objects can be concatenated");
            }

            joined = new ScalarNode(left.Origin, ScalarKind.String, s1 + s2);
        }

        if (joined is null)
        {
            builder.Add(right);
        }
        else
        {
            builder[^1] = joined;
        }
    }

    private static string? TextForConcat(Node node) => node is ScalarNode s ? s.Text : null;

    public static string Describe(Node node) => node switch
    {
        ObjectNode => "an object",
        ListNode => "an array",
        ScalarNode { Kind: ScalarKind.String } s => $"the string \"{s.Text}\"",
        ScalarNode { Kind: ScalarKind.Number } s => $"the number {s.Text}",
        ScalarNode s => s.Text,
        SubstitutionNode s => s.Describe(),
        _ => "an unresolved value",
    };
}
