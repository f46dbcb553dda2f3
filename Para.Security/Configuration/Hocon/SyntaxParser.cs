// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// Recursive-descent parser from tokens to the unresolved <see cref="Node"/> tree. Duplicate keys,
/// path keys, includes and <c>+=</c> are merged here; substitutions are left for the resolver.
/// </summary>
internal sealed partial class SyntaxParser
{
    private const int MaxNesting = 400;

    private readonly Tokenizer _tokenizer;
    private Token _pushedBack;
    private bool _hasPushedBack;
    private Stack<Token>? _morePushedBack;
    private readonly string _origin;
    private readonly bool _json;
    private readonly IncludeContext _includes;
    private readonly Buffers _buffers;
    private readonly List<FieldKey> _pathStack;

    // Objects and arrays being built, innermost last: fields and items collect here and are copied out,
    // exactly sized, when the object or array ends.
    private readonly List<FieldMap> _fieldBuilders;
    private readonly List<Node> _items;
    private int _objectDepth;
    private int _arrayDepth;
    private int _nesting;

    public SyntaxParser(string text, string origin, bool json, IncludeContext includes)
    {
        _tokenizer = new Tokenizer(text, origin, json);
        _origin = origin;
        _json = json;
        _includes = includes;
        _buffers = Buffers.Rent();
        _pathStack = _buffers.PathStack;
        _fieldBuilders = _buffers.FieldBuilders;
        _items = _buffers.Items;
    }

    /// <summary>Parses a whole document, whose root must be an object (braces may be omitted in HOCON). Call once.</summary>
    public ObjectNode ParseDocument()
    {
        try
        {
            return ParseRoot();
        }
        finally
        {
            _buffers.Return();
        }
    }

    private ObjectNode ParseRoot()
    {
        var t = NextSkipping();
        ObjectNode root;
        if (t.Kind == TokenKind.OpenCurly)
        {
            root = ParseObject(hadCurly: true, t);
        }
        else if (t.Kind == TokenKind.OpenSquare)
        {
            throw Error("the root of a document must be an object, found an array '['", t);
        }
        else if (_json)
        {
            throw Error(t.Kind == TokenKind.End ? "empty JSON document" : $"expected '{{' at the root of a JSON document, found {t.Describe()}", t);
        }
        else
        {
            PushBack(t);
            root = ParseObject(hadCurly: false, t);
        }

        t = NextSkipping();
        if (t.Kind != TokenKind.End)
        {
            throw Error($"expected end of input after the root object, found {t.Describe()}", t);
        }

        return root;
    }

    private HoconOrigin Origin(in Token t) => new(_origin, t.Line, t.Column);

    private HoconException Error(string reason, in Token t) => new(reason, _origin, t.Line, t.Column);

    private Token NextRaw()
    {
        Token t;
        if (_hasPushedBack)
        {
            t = _pushedBack;
            _hasPushedBack = _morePushedBack is { Count: > 0 };
            if (_hasPushedBack)
            {
                _pushedBack = _morePushedBack!.Pop();
            }
        }
        else
        {
            t = _tokenizer.Next();
        }

        if (_json)
        {
            if (t.Kind == TokenKind.UnquotedText && !t.IsUnquotedWhitespace)
            {
                throw Error($"'{t.Text}' is not allowed in JSON (strings must be quoted)", t);
            }

            if (t.Kind == TokenKind.Substitution)
            {
                throw Error("substitutions are not allowed in JSON", t);
            }
        }

        return t;
    }

    /// <summary>Returns a token to be read again next (one is kept in a field: hardly ever more are pending).</summary>
    private void PushBack(in Token t)
    {
        if (_hasPushedBack)
        {
            (_morePushedBack ??= new Stack<Token>()).Push(_pushedBack);
        }

        _pushedBack = t;
        _hasPushedBack = true;
    }

    /// <summary>Next token that is not whitespace, a newline or a comment.</summary>
    private Token NextSkipping()
    {
        while (true)
        {
            var t = NextRaw();
            if (IsSkipped(t))
            {
                continue;
            }

            return t;
        }
    }

    /// <summary>Whitespace, newlines and comments, which <see cref="NextSkipping"/> passes over.</summary>
    private static bool IsSkipped(in Token t) =>
        t.Kind is TokenKind.Whitespace or TokenKind.Newline or TokenKind.Comment || t.IsUnquotedWhitespace;

    private static bool StartsValue(in Token t) =>
        t.IsSimpleValue || t.Kind is TokenKind.OpenCurly or TokenKind.OpenSquare;

    private void Enter(in Token t)
    {
        if (++_nesting > MaxNesting)
        {
            throw Error($"objects and arrays are nested more than {MaxNesting} levels deep", t);
        }
    }

    private ObjectNode ParseObject(bool hadCurly, in Token open)
    {
        Enter(open);
        var fields = RentFields();
        var afterComma = false;
        var hasNext = false;
        Token next = default;
        while (true)
        {
            var t = hasNext ? next : NextSkipping();
            if (t.Kind == TokenKind.CloseCurly)
            {
                if (!hadCurly)
                {
                    throw Error("unbalanced '}' with no matching '{'", t);
                }

                if (_json && afterComma)
                {
                    throw Error("expected a key after ',', found '}' (JSON does not allow a trailing comma)", t);
                }

                break;
            }

            if (t.Kind == TokenKind.End && !hadCurly)
            {
                break;
            }

            if (!_json && t.Kind == TokenKind.UnquotedText && t.Text == "include")
            {
                ParseInclude(fields, t);
            }
            else
            {
                ParseField(fields, t, hadCurly);
            }

            afterComma = false;
            if (CheckElementSeparator(out next, out hasNext))
            {
                afterComma = true;
                continue;
            }

            t = next;
            if (t.Kind == TokenKind.CloseCurly)
            {
                if (!hadCurly)
                {
                    throw Error("unbalanced '}' with no matching '{'", t);
                }

                break;
            }

            if (hadCurly)
            {
                throw Error($"expected ',', a newline or '}}' after a field, found {t.Describe()}", t);
            }

            if (t.Kind != TokenKind.End)
            {
                throw Error($"expected ',', a newline or end of input after a field, found {t.Describe()}", t);
            }

            break;
        }

        _nesting--;
        _objectDepth--;
        return new ObjectNode(Origin(open), fields.ToCompact());
    }

    private FieldMap RentFields()
    {
        if (_objectDepth == _fieldBuilders.Count)
        {
            _fieldBuilders.Add(new FieldMap());
        }

        var fields = _fieldBuilders[_objectDepth++];
        fields.Clear();
        return fields;
    }

    private void ParseField(FieldMap fields, in Token keyToken, bool hadCurly)
    {
        var key = ParseKey(keyToken, hadCurly, out var afterKey);
        if (IsSkipped(afterKey))
        {
            afterKey = NextSkipping();
        }

        Node value;
        _pathStack.Add(key);
        if (!_json && afterKey.Kind == TokenKind.OpenCurly)
        {
            value = ParseObject(hadCurly: true, afterKey);
        }
        else
        {
            var isSeparator = afterKey.Kind == TokenKind.Colon
                || (!_json && afterKey.Kind is TokenKind.Equals or TokenKind.PlusEquals);
            if (!isSeparator)
            {
                var expected = _json ? "':'" : "':', '=', '+=' or '{'";
                throw Error($"expected {expected} after key '{key}', found {afterKey.Describe()}", afterKey);
            }

            var plusEquals = afterKey.Kind == TokenKind.PlusEquals;
            if (plusEquals)
            {
                if (_arrayDepth > 0)
                {
                    throw Error("'+=' is not supported inside an array element (it expands to a ${} substitution, which cannot refer into arrays)", afterKey);
                }

                _arrayDepth++;
            }

            value = ConsolidateValues() ?? ParseValue(NextSkipping());
            if (plusEquals)
            {
                _arrayDepth--;
                var origin = Origin(afterKey);
                var previous = new SubstitutionNode(origin, FullPath(), optional: true);
                value = NodeMerge.Concatenate([previous, new ListNode(value.Origin, [value])], origin)!;
            }
        }

        _pathStack.RemoveAt(_pathStack.Count - 1);
        Insert(fields, key, value, keyToken);
    }

    private void Insert(FieldMap fields, FieldKey fieldKey, Node value, in Token keyToken)
    {
        if (fieldKey.Path?.Rest is { } rest)
        {
            value = CreateUnderPath(rest, value);
        }

        var key = fieldKey.First;
        if (fields.TryGetValue(key, out var existing))
        {
            if (_json)
            {
                throw Error($"duplicate key '{key}' is not allowed in JSON", keyToken);
            }

            fields[key] = NodeMerge.WithFallback(value, existing);
        }
        else
        {
            fields.AddNew(key, value);
        }
    }

    private static ObjectNode CreateUnderPath(KeyPath path, Node value)
    {
        Node current = value;
        for (var i = path.Length - 1; i >= 0; i--)
        {
            var fields = new FieldMap(1) { { path[i], current } };
            current = new ObjectNode(value.Origin, fields);
        }

        return (ObjectNode)current;
    }

    private KeyPath FullPath()
    {
        var path = _pathStack[0].ToPath();
        for (var i = 1; i < _pathStack.Count; i++)
        {
            path = path.Append(_pathStack[i].ToPath());
        }

        return path;
    }

    /// <summary>Reads a key starting with <paramref name="first"/>; <paramref name="next"/> is the token after it.</summary>
    private FieldKey ParseKey(in Token first, bool hadCurly, out Token next)
    {
        var expected = hadCurly ? "'}' or a key" : "a key";
        if (_json)
        {
            if (first.Kind != TokenKind.QuotedString)
            {
                throw Error($"expected {expected} (a quoted string in JSON), found {first.Describe()}", first);
            }

            next = NextSkipping();
            return new FieldKey(first.Text, null);
        }

        if (!(first.IsValue || first.Kind == TokenKind.UnquotedText))
        {
            throw Error($"expected {expected}, found {first.Describe()}", first);
        }

        var t = NextRaw();
        if (!(t.IsValue || t.Kind == TokenKind.UnquotedText))
        {
            // Fast path: a single quoted key, or an unquoted key without dots, or one with only non-empty elements.
            if (first.Kind == TokenKind.QuotedString || (first.Kind == TokenKind.UnquotedText && !first.Text.Contains('.', StringComparison.Ordinal)))
            {
                next = t;
                return new FieldKey(first.Text, null);
            }

            if (first.Kind == TokenKind.UnquotedText && _tokenizer.SplitPath(first.Text) is { } dotted)
            {
                next = t;
                return new FieldKey(dotted.First, dotted);
            }
        }

        var builder = new PathBuilder();
        builder.Add(first);
        while (t.IsValue || t.Kind == TokenKind.UnquotedText)
        {
            builder.Add(t);
            t = NextRaw();
        }

        next = t;
        var path = builder.Build(out var error) ?? throw Error($"invalid key: {error}", first);
        return new FieldKey(path.First, path.Length > 1 ? path : null);
    }

    /// <summary>A field's key: its first element, and the whole path when it has more than one element.</summary>
    private readonly record struct FieldKey(string First, KeyPath? Path)
    {
        public KeyPath ToPath() => Path ?? new KeyPath([First]);

        public override string ToString() => ToPath().ToString();
    }
}
