// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// A value in the unresolved tree. Objects, lists and scalars may be resolved; substitutions,
/// concatenations and delayed merges are "unmergeable" and only become values during resolution.
/// Nodes are immutable and compared by identity during resolution.
/// </summary>
internal abstract class Node
{
    protected Node(HoconOrigin origin) => Origin = origin;

    public HoconOrigin Origin { get; }

    public abstract bool IsResolved { get; }

    /// <summary>True when merging anything underneath this value can have no effect.</summary>
    public virtual bool IgnoresFallbacks => IsResolved;

    public bool IsUnmergeable => this is SubstitutionNode or ConcatNode or MergeNode;

    /// <summary>Replaces a direct child (by identity); a null replacement removes it. Containers only.</summary>
    public virtual Node? ReplaceChild(Node child, Node? replacement) =>
        throw new InvalidOperationException("not a container");

    public virtual bool IsContainer => false;

    /// <summary>
    /// A hash for the resolver's identity-keyed memo and cycle sets (equality stays reference equality).
    /// Taken from the origin, which is far cheaper than the runtime's identity hash: that one is generated
    /// and written into the object header the first time it is asked for, for every node.
    /// </summary>
    public sealed override int GetHashCode() => (Origin.Line * 257) ^ Origin.Column;
}

internal enum ScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A string, number, boolean or null. <see cref="Text"/> is the string value or the original text.</summary>
internal sealed class ScalarNode : Node
{
    public ScalarNode(HoconOrigin origin, ScalarKind kind, string text, bool quoted = true, NumberKind numberKind = NumberKind.Int64)
        : base(origin)
    {
        Kind = kind;
        Text = text;
        Quoted = quoted;
        NumberKind = numberKind;
    }

    public ScalarKind Kind { get; }

    public string Text { get; }

    /// <summary>False for unquoted strings (including kept whitespace), which concatenation with arrays/objects ignores.</summary>
    public bool Quoted { get; }

    public NumberKind NumberKind { get; }

    public override bool IsResolved => true;
}

/// <summary>A substitution <c>${path}</c> or <c>${?path}</c>.</summary>
internal sealed class SubstitutionNode : Node
{
    public SubstitutionNode(HoconOrigin origin, KeyPath path, bool optional, int prefixLength = 0)
        : base(origin)
    {
        Path = path;
        Optional = optional;
        PrefixLength = prefixLength;
    }

    public KeyPath Path { get; }

    public bool Optional { get; }

    /// <summary>How many leading path elements were added because the file was included below a key.</summary>
    public int PrefixLength { get; }

    public override bool IsResolved => false;

    public string Describe() => Optional ? $"${{?{Path}}}" : $"${{{Path}}}";
}

/// <summary>A value concatenation that still holds unresolved pieces.</summary>
internal sealed class ConcatNode : Node
{
    public ConcatNode(HoconOrigin origin, Node[] pieces)
        : base(origin) => Pieces = pieces;

    public Node[] Pieces { get; }

    public override bool IsResolved => false;

    public override bool IsContainer => true;

    public override Node? ReplaceChild(Node child, Node? replacement)
    {
        var list = NodeUtil.ReplaceInList(Pieces, child, replacement);
        return list is null ? null : new ConcatNode(Origin, list);
    }
}

/// <summary>
/// A delayed merge: a stack of values for one key, newest first, that cannot be merged until
/// substitutions in it are resolved.
/// </summary>
internal sealed class MergeNode : Node
{
    public MergeNode(HoconOrigin origin, Node[] stack)
        : base(origin) => Stack = stack;

    public Node[] Stack { get; }

    public override bool IsResolved => false;

    public override bool IgnoresFallbacks => Stack[^1].IgnoresFallbacks;

    /// <summary>True when the newest layer is an object, so the merged result is known to be an object.</summary>
    public bool IsObjectLike => Stack[0] is ObjectNode;

    public override bool IsContainer => true;

    public override Node? ReplaceChild(Node child, Node? replacement)
    {
        var list = NodeUtil.ReplaceInList(Stack, child, replacement);
        return list is null ? null : new MergeNode(Origin, list);
    }
}

/// <summary>An array; resolved when all its elements are.</summary>
internal sealed class ListNode : Node
{
    private readonly bool _resolved;

    public ListNode(HoconOrigin origin, Node[] items)
        : base(origin)
    {
        Items = items;
        _resolved = true;
        foreach (var item in items)
        {
            if (!item.IsResolved)
            {
                _resolved = false;
                break;
            }
        }
    }

    public Node[] Items { get; }

    public override bool IsResolved => _resolved;

    public override bool IsContainer => true;

    public override Node? ReplaceChild(Node child, Node? replacement) =>
        new ListNode(Origin, NodeUtil.ReplaceInList(Items, child, replacement) ?? []);
}

/// <summary>Helpers shared by the node types.</summary>
internal static class NodeUtil
{
    public static Node[]? ReplaceInList(Node[] list, Node child, Node? replacement)
    {
        var result = new List<Node>(list.Length);
        foreach (var item in list)
        {
            if (ReferenceEquals(item, child))
            {
                if (replacement is not null)
                {
                    result.Add(replacement);
                }
            }
            else
            {
                result.Add(item);
            }
        }

        return result.Count == 0 ? null : [.. result];
    }

    /// <summary>Prefixes every substitution path with <paramref name="prefix"/> (for files included below a key).</summary>
    public static Node Relativize(Node node, KeyPath prefix) => node switch
    {
        SubstitutionNode s => new SubstitutionNode(s.Origin, s.Path.Prepend(prefix), s.Optional, s.PrefixLength + prefix.Length),
        ObjectNode o when !o.IsResolved => o.MapValues(v => Relativize(v, prefix)),
        ListNode l when !l.IsResolved => new ListNode(l.Origin, Array.ConvertAll(l.Items, i => Relativize(i, prefix))),
        ConcatNode c => new ConcatNode(c.Origin, Array.ConvertAll(c.Pieces, p => Relativize(p, prefix))),
        MergeNode m => new MergeNode(m.Origin, Array.ConvertAll(m.Stack, p => Relativize(p, prefix))),
        _ => node,
    };
}
