// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>Substitution lookup: in the tree, then relative to the including file, then the environment.</summary>
internal sealed partial class Resolver
{
    private Node? ResolveSubstitution(SubstitutionNode s, ResolveSource source, KeyPath? restrict)
    {
        _cycleMarkers.Add(s);
        _active.Add(s);
        var mark = _memoLog.Count;
        Node? value;
        try
        {
            var (found, parents) = Lookup(source, s.Path);
            if (found is null && s.PrefixLength > 0)
            {
                (found, parents) = Lookup(source, s.Path.Skip(s.PrefixLength));
            }

            if (found is not null)
            {
                value = Resolve(found, new ResolveSource((ObjectNode)parents.Last, parents), restrict);
            }
            else
            {
                value = FromEnvironment(s);
            }
        }
        catch (CycleException ex)
        {
            RollBackMemos(mark);
            if (!s.Optional)
            {
                throw s.Origin.Error($"substitution {s.Describe()} is part of a cycle: {ex.Chain}");
            }

            value = null;
        }
        finally
        {
            _cycleMarkers.Remove(s);
            _active.RemoveAt(_active.Count - 1);
        }

        if (value is null && !s.Optional)
        {
            var where = _environment is null ? "in the configuration" : "in the configuration or the environment";
            throw s.Origin.Error($"could not resolve substitution {s.Describe()}: '{s.Path.Skip(s.PrefixLength)}' is not defined {where}");
        }

        return value;
    }

    private ScalarNode? FromEnvironment(SubstitutionNode s)
    {
        if (_environment is null)
        {
            return null;
        }

        var text = _environment(s.Path.Skip(s.PrefixLength).JoinWithDots());
        return text is null ? null : new ScalarNode(s.Origin, ScalarKind.String, text);
    }

    /// <summary>Resolves the tree along <paramref name="path"/> (not the leaf itself) and returns the leaf.</summary>
    private (Node? Value, ParentChain Parents) Lookup(ResolveSource source, KeyPath path)
    {
        var root = source.Root;
        var partial = Resolve(root, RootSource(root), path) as ObjectNode ?? root;
        Node current = partial;
        var chain = new ParentChain(partial, null);
        for (var i = 0; i < path.Length; i++)
        {
            var value = Peek(current, path[i]);
            if (i == path.Length - 1 || value is null)
            {
                return (value, chain);
            }

            if (value is ObjectNode or MergeNode { IsObjectLike: true })
            {
                chain = chain.Prepend(value);
                current = value;
            }
            else
            {
                return (null, chain);
            }
        }

        return (null, chain);
    }

    // Lookups start from the root with no parents; most share one root, so its source is kept.
    private ResolveSource RootSource(ObjectNode root)
    {
        if (_rootSource is null || !ReferenceEquals(_rootSource.Root, root))
        {
            _rootSource = new ResolveSource(root, null);
        }

        return _rootSource;
    }

    private static Node? Peek(Node container, string key)
    {
        if (container is ObjectNode o)
        {
            return o.Get(key);
        }

        // A delayed merge whose top is an object: find the key without resolving the merge.
        var m = (MergeNode)container;
        Node? candidate = null;
        foreach (var layer in m.Stack)
        {
            if (layer is ObjectNode layerObject)
            {
                var v = layerObject.Get(key);
                if (v is null)
                {
                    continue;
                }

                candidate = candidate is null ? v : NodeMerge.WithFallback(candidate, v);
                if (candidate.IgnoresFallbacks)
                {
                    return candidate;
                }
            }
            else if (layer.IsUnmergeable)
            {
                throw m.Origin.Error($"key '{key}' cannot be looked up yet: a substitution in the same merge is unresolved");
            }
            else
            {
                // A non-object hides everything below it.
                return candidate;
            }
        }

        return candidate;
    }
}

/// <summary>Thrown internally when a substitution is reached again while it is being resolved.</summary>
internal sealed class CycleException : Exception
{
    public CycleException()
        : this(string.Empty)
    {
    }

    public CycleException(string chain)
        : base("substitution cycle: " + chain) => Chain = chain;

    public CycleException(string message, Exception innerException)
        : base(message, innerException) => Chain = message;

    public string Chain { get; }
}
