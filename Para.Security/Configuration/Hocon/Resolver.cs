// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// Resolves substitutions in a parsed tree. A substitution is looked up by resolving only the part of
/// the tree along its path; values in a merge stack that refer to their own key see the stack below
/// themselves; cycles are detected through the substitutions being resolved. Results are memoized by node.
/// </summary>
internal sealed partial class Resolver
{
    /// <summary>A resolver whose memo has more entries than this is not kept for reuse (it would pin the memory).</summary>
    private const int MaxReusedMemos = 1024;

    // The last resolver this thread used, emptied: a small document costs less when its memo and sets need no new storage.
    [ThreadStatic]
    private static Resolver? t_reusable;

    private Func<string, string?>? _environment;
    private readonly Dictionary<MemoKey, Node> _memos = [];
    private readonly List<MemoKey> _memoLog = [];
    private readonly HashSet<Node> _cycleMarkers = [];
    private readonly List<SubstitutionNode> _active = [];
    private readonly List<Node> _pieces = [];
    private ResolveSource? _rootSource;

    public static ObjectNode ResolveRoot(ObjectNode root, Func<string, string?>? environment)
    {
        if (root.IsResolved)
        {
            return root;
        }

        // Taken, not shared: an environment lookup that parses HOCON itself gets a resolver of its own.
        var resolver = t_reusable ?? new Resolver();
        t_reusable = null;
        resolver._environment = environment;
        try
        {
            return (ObjectNode)resolver.Resolve(root, new ResolveSource(root, null), null)!;
        }
        catch (CycleException ex)
        {
            throw root.Origin.Error($"substitution cycle: {ex.Chain}");
        }
        finally
        {
            if (resolver._memos.Count <= MaxReusedMemos)
            {
                resolver.Reset();
                t_reusable = resolver;
            }
        }
    }

    /// <summary>Forgets everything about the last resolution, keeping the storage.</summary>
    private void Reset()
    {
        _environment = null;
        _memos.Clear();
        _memoLog.Clear();
        _cycleMarkers.Clear();
        _active.Clear();
        _pieces.Clear();
        _rootSource = null;
    }

    private Node? Resolve(Node node, ResolveSource source, KeyPath? restrict)
    {
        if (node.IsResolved)
        {
            return node;
        }

        var fullKey = new MemoKey(node, null);
        if (_memos.TryGetValue(fullKey, out var cached))
        {
            return cached;
        }

        MemoKey? restrictedKey = null;
        if (restrict is not null)
        {
            restrictedKey = new MemoKey(node, restrict);
            if (_memos.TryGetValue(restrictedKey.Value, out cached))
            {
                return cached;
            }
        }

        if (_cycleMarkers.Contains(node))
        {
            throw new CycleException(DescribeCycle((SubstitutionNode)node));
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw node.Origin.Error("substitutions or nesting go too deep to resolve");
        }

        var result = node switch
        {
            ObjectNode o => ResolveObject(o, source, restrict),
            ListNode l => ResolveList(l, source, restrict),
            SubstitutionNode s => ResolveSubstitution(s, source, restrict),
            ConcatNode c => ResolveConcat(c, source),
            MergeNode m => ResolveMerge(m, source, restrict),
            _ => node,
        };

        if (result is null || result.IsResolved)
        {
            if (result is not null)
            {
                Memoize(fullKey, result);
            }
        }
        else if (restrictedKey is { } key)
        {
            Memoize(key, result);
        }
        else
        {
            throw node.Origin.Error("internal error: a value did not resolve completely");
        }

        return result;
    }

    private void Memoize(MemoKey key, Node value)
    {
        if (_memos.TryAdd(key, value))
        {
            _memoLog.Add(key);
        }
    }

    private void RollBackMemos(int mark)
    {
        for (var i = _memoLog.Count - 1; i >= mark; i--)
        {
            _memos.Remove(_memoLog[i]);
        }

        _memoLog.RemoveRange(mark, _memoLog.Count - mark);
    }

    private string DescribeCycle(SubstitutionNode repeated)
    {
        var start = _active.FindIndex(s => ReferenceEquals(s, repeated));
        var chain = _active.Skip(Math.Max(start, 0)).Select(s => $"{s.Describe()} at {s.Origin}").Append(repeated.Describe());
        return string.Join(" -> ", chain);
    }

    private ObjectNode ResolveObject(ObjectNode o, ResolveSource source, KeyPath? restrict)
    {
        if (restrict is null)
        {
            return new ObjectNode(o.Origin, ResolveFields(o.Fields, source.PushParent(o)), o.IgnoresFallbacks);
        }

        // Only the child along the path is resolved, and the leaf itself is left to the caller.
        var rest = restrict.Rest;
        var child = o.Get(restrict.First);
        if (child is null || rest is null)
        {
            return o;
        }

        var resolvedChild = Resolve(child, source.PushParent(o), rest);
        return ReferenceEquals(resolvedChild, child) ? o : o.With(restrict.First, resolvedChild);
    }

    private FieldMap ResolveFields(FieldMap given, ResolveSource inner)
    {
        var fields = given.WithSameKeys();
        Span<int> order = given.Count <= 32 ? stackalloc int[given.Count] : new int[given.Count];
        var unresolved = ResolveOrder.Unresolved(given, order);
        List<int>? removed = null;
        foreach (var index in order[..unresolved])
        {
            if (Resolve(given.ValueAt(index), inner, null) is { } resolved)
            {
                fields.SetValueAt(index, resolved);
            }
            else
            {
                (removed ??= []).Add(index);
            }
        }

        if (removed is not null)
        {
            // Remove from the end so that the indexes still to remove stay valid.
            removed.Sort();
            for (var i = removed.Count - 1; i >= 0; i--)
            {
                fields.RemoveAt(removed[i]);
            }
        }

        return fields;
    }

    private ListNode ResolveList(ListNode l, ResolveSource source, KeyPath? restrict)
    {
        if (restrict is not null)
        {
            return l;
        }

        var inner = source.PushParent(l);
        var items = new List<Node>(l.Items.Length);
        foreach (var item in l.Items)
        {
            var resolved = Resolve(item, inner, null);
            if (resolved is not null)
            {
                items.Add(resolved);
            }
        }

        return new ListNode(l.Origin, [.. items]);
    }

    private Node? ResolveConcat(ConcatNode c, ResolveSource source)
    {
        var inner = source.PushParent(c);

        // The resolved pieces collect on a shared stack: a piece that resolves another concatenation
        // pushes its own pieces above these, and removes them even when a cycle aborts it.
        var start = _pieces.Count;
        Node? joined;
        try
        {
            foreach (var piece in c.Pieces)
            {
                var resolved = Resolve(piece, inner, null);
                if (resolved is not null)
                {
                    _pieces.Add(resolved);
                }
            }

            joined = NodeMerge.Concatenate(CollectionsMarshal.AsSpan(_pieces)[start..], c.Origin);
        }
        finally
        {
            _pieces.RemoveRange(start, _pieces.Count - start);
        }

        return joined is ConcatNode
            ? throw c.Origin.Error("internal error: a concatenation did not join into one value")
            : joined;
    }

    private Node? ResolveMerge(MergeNode m, ResolveSource source, KeyPath? restrict)
    {
        Node? merged = null;
        for (var i = 0; i < m.Stack.Length; i++)
        {
            var layer = m.Stack[i];
            ResolveSource layerSource;
            if (layer.IsUnmergeable)
            {
                // While resolving this layer, the key it belongs to holds only what is below it in the stack.
                var remainder = MakeReplacement(m.Stack, i + 1);
                layerSource = source.ReplaceWithinCurrentParent(m, remainder).ResetParents();
            }
            else
            {
                layerSource = source.PushParent(m);
            }

            var resolved = Resolve(layer, layerSource, restrict);
            if (resolved is not null)
            {
                merged = merged is null ? resolved : NodeMerge.WithFallback(merged, resolved);
            }
        }

        return merged;
    }

    private static Node? MakeReplacement(Node[] stack, int skip)
    {
        if (skip >= stack.Length)
        {
            return null;
        }

        var merged = stack[skip];
        for (var i = skip + 1; i < stack.Length; i++)
        {
            merged = NodeMerge.WithFallback(merged, stack[i]);
        }

        return merged;
    }

    private readonly record struct MemoKey(Node Node, KeyPath? Restrict);
}
