// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>An object in the unresolved tree: ordered fields, resolved when every field is.</summary>
internal sealed class ObjectNode : Node
{
    private readonly FieldMap _fields;
    private readonly bool _resolved;
    private readonly bool _ignoresFallbacks;

    public ObjectNode(HoconOrigin origin, FieldMap fields, bool ignoresFallbacks = false)
        : base(origin)
    {
        _fields = fields;
        _ignoresFallbacks = ignoresFallbacks;
        _resolved = true;
        for (var i = 0; i < fields.Count; i++)
        {
            if (!fields.ValueAt(i).IsResolved)
            {
                _resolved = false;
                break;
            }
        }
    }

    public FieldMap Fields => _fields;

    public int Count => _fields.Count;

    public override bool IsResolved => _resolved;

    public override bool IgnoresFallbacks => _ignoresFallbacks;

    public override bool IsContainer => true;

    public Node? Get(string key) => _fields.TryGetValue(key, out var v) ? v : null;

    public ObjectNode WithIgnoresFallbacks() =>
        _ignoresFallbacks ? this : new ObjectNode(Origin, _fields, ignoresFallbacks: true);

    /// <summary>Returns a copy with <paramref name="key"/> set to <paramref name="value"/>, or removed when null.</summary>
    public ObjectNode With(string key, Node? value)
    {
        var copy = _fields.Copy();
        if (value is null)
        {
            copy.Remove(key);
        }
        else
        {
            copy[key] = value;
        }

        return new ObjectNode(Origin, copy, _ignoresFallbacks);
    }

    public ObjectNode MapValues(Func<Node, Node> map)
    {
        var copy = new FieldMap(_fields.Count);
        foreach (var (key, value) in _fields)
        {
            copy.AddNew(key, map(value));
        }

        return new ObjectNode(Origin, copy, _ignoresFallbacks);
    }

    public override Node? ReplaceChild(Node child, Node? replacement)
    {
        foreach (var (key, value) in _fields)
        {
            if (ReferenceEquals(value, child))
            {
                return With(key, replacement);
            }
        }

        return this;
    }
}
