// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>An immutable list of the containers from a value up to the root (head = innermost).</summary>
internal sealed class ParentChain
{
    public ParentChain(Node head, ParentChain? tail)
    {
        Head = head;
        Tail = tail;
    }

    public Node Head { get; }

    public ParentChain? Tail { get; }

    public Node Last
    {
        get
        {
            var chain = this;
            while (chain.Tail is not null)
            {
                chain = chain.Tail;
            }

            return chain.Head;
        }
    }

    public ParentChain Prepend(Node node) => new(node, this);
}

/// <summary>
/// The tree substitutions are looked up in, plus (when known) the chain of containers leading to the
/// value being resolved, so that a value can be swapped for "what was below it in its merge stack"
/// while a self-referential substitution is resolved.
/// </summary>
internal sealed class ResolveSource
{
    private static readonly ObjectNode EmptyRoot =
        new(new HoconOrigin("empty", 0, 0), new FieldMap());

    public ResolveSource(ObjectNode root, ParentChain? parents)
    {
        Root = root;
        Parents = parents;
    }

    public ObjectNode Root { get; }

    public ParentChain? Parents { get; }

    public ResolveSource PushParent(Node parent)
    {
        if (Parents is null)
        {
            return ReferenceEquals(parent, Root) ? new ResolveSource(Root, new ParentChain(parent, null)) : this;
        }

        return new ResolveSource(Root, Parents.Prepend(parent));
    }

    public ResolveSource ResetParents() => Parents is null ? this : new ResolveSource(Root, null);

    /// <summary>Replaces <paramref name="old"/> (a child of the innermost parent) by <paramref name="replacement"/>, or removes it.</summary>
    public ResolveSource ReplaceWithinCurrentParent(Node old, Node? replacement)
    {
        if (ReferenceEquals(old, replacement))
        {
            return this;
        }

        if (Parents is not null)
        {
            var parent = Parents.Head;
            var newParent = parent.ReplaceChild(old, replacement);
            return ReplaceCurrentParent(parent, newParent is { IsContainer: true } ? newParent : null);
        }

        if (ReferenceEquals(old, Root) && replacement is ObjectNode newRoot)
        {
            return new ResolveSource(newRoot, null);
        }

        // The value's position is unknown; keep the tree as it is.
        return this;
    }

    private ResolveSource ReplaceCurrentParent(Node old, Node? replacement)
    {
        if (ReferenceEquals(old, replacement))
        {
            return this;
        }

        if (Parents is not null)
        {
            var newChain = Replace(Parents, old, replacement);
            return newChain is null
                ? new ResolveSource(EmptyRoot, null)
                : new ResolveSource(newChain.Last as ObjectNode ?? EmptyRoot, newChain);
        }

        if (ReferenceEquals(old, Root))
        {
            return new ResolveSource(replacement as ObjectNode ?? EmptyRoot, null);
        }

        return this;
    }

    private static ParentChain? Replace(ParentChain chain, Node old, Node? replacement)
    {
        var parent = chain.Tail?.Head;
        if (replacement is null || !replacement.IsContainer)
        {
            if (parent is null)
            {
                return null;
            }

            // The child goes away (or is no longer a container): remove it from its parent.
            return Replace(chain.Tail!, parent, parent.ReplaceChild(old, null));
        }

        if (parent is null)
        {
            return new ParentChain(replacement, null);
        }

        var newTail = Replace(chain.Tail!, parent, parent.ReplaceChild(old, replacement));
        return newTail is null ? new ParentChain(replacement, null) : newTail.Prepend(replacement);
    }
}
