// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Runtime.InteropServices;

namespace Para.Security.Configuration.Hocon;

/// <summary>Values, arrays, concatenations and separators.</summary>
internal sealed partial class SyntaxParser
{
    /// <summary>
    /// Reads the values that follow a separator on one line. Two or more become a concatenation;
    /// returns null when there is no value (the caller reports what it found instead).
    /// </summary>
    private Node? ConsolidateValues()
    {
        if (_json)
        {
            return null;
        }

        var t = NextSkipping();

        // Two or more values collect on the items stack (where arrays build their elements) above this point.
        var start = _items.Count;
        Node? single = null;
        var first = t;
        while (true)
        {
            if (t.Kind == TokenKind.Whitespace)
            {
                t = NextRaw();
                continue;
            }

            if (!StartsValue(t))
            {
                break;
            }

            var v = ParseValue(t);
            if (single is null)
            {
                single = v;
            }
            else
            {
                if (_items.Count == start)
                {
                    _items.Add(single);
                }

                _items.Add(v);
            }

            t = NextRaw();
        }

        PushBack(t);
        if (_items.Count == start)
        {
            return single;
        }

        var joined = NodeMerge.Concatenate(CollectionsMarshal.AsSpan(_items)[start..], Origin(first));
        _items.RemoveRange(start, _items.Count - start);
        return joined;
    }

    private Node ParseValue(in Token t)
    {
        switch (t.Kind)
        {
            case TokenKind.QuotedString:
                return new ScalarNode(Origin(t), ScalarKind.String, t.Text, quoted: true);
            case TokenKind.UnquotedText:
                return new ScalarNode(Origin(t), ScalarKind.String, t.Text, quoted: false);
            case TokenKind.Number:
                return new ScalarNode(Origin(t), ScalarKind.Number, t.Text, quoted: false, t.NumberKind);
            case TokenKind.True:
            case TokenKind.False:
                return new ScalarNode(Origin(t), ScalarKind.Boolean, t.Text, quoted: false);
            case TokenKind.Null:
                return new ScalarNode(Origin(t), ScalarKind.Null, "null", quoted: false);
            case TokenKind.Substitution:
                return new SubstitutionNode(Origin(t), t.SubstitutionPath!, t.Optional);
            case TokenKind.OpenCurly:
                return ParseObject(hadCurly: true, t);
            case TokenKind.OpenSquare:
                return ParseArray(t);
            default:
                throw Error($"expected a value, found {t.Describe()}", t);
        }
    }

    private ListNode ParseArray(in Token open)
    {
        Enter(open);
        _arrayDepth++;
        var start = _items.Count;
        var v = ConsolidateValues();
        if (v is null)
        {
            var t = NextSkipping();
            if (t.Kind == TokenKind.CloseSquare)
            {
                return FinishArray(open, start);
            }

            if (!StartsValue(t))
            {
                throw Error($"expected a value or ']', found {t.Describe()}", t);
            }

            v = ParseValue(t);
        }

        _items.Add(v);
        while (true)
        {
            if (CheckElementSeparator(out var next, out var hasNext))
            {
                if (hasNext)
                {
                    PushBack(next);
                }

                v = ConsolidateValues();
                if (v is not null)
                {
                    _items.Add(v);
                    continue;
                }

                var t = NextSkipping();
                if (StartsValue(t))
                {
                    _items.Add(ParseValue(t));
                    continue;
                }

                if (!_json && t.Kind == TokenKind.CloseSquare)
                {
                    // One trailing comma is allowed.
                    return FinishArray(open, start);
                }

                throw Error($"expected a value after ',', found {t.Describe()}", t);
            }

            var end = next;
            if (end.Kind == TokenKind.CloseSquare)
            {
                return FinishArray(open, start);
            }

            throw Error($"expected ',', a newline or ']' in an array, found {end.Describe()}", end);
        }
    }

    private ListNode FinishArray(in Token open, int start)
    {
        _arrayDepth--;
        _nesting--;
        var items = CollectionsMarshal.AsSpan(_items)[start..].ToArray();
        _items.RemoveRange(start, items.Length);
        return new ListNode(Origin(open), items);
    }

    /// <summary>
    /// Consumes a comma, or one or more newlines optionally followed by a comma (HOCON only).
    /// Returns true if a separator was found. Unless it ended with a comma, <paramref name="hasNext"/> is true
    /// and <paramref name="next"/> is the token after it (already read: neither whitespace nor a comment).
    /// </summary>
    private bool CheckElementSeparator(out Token next, out bool hasNext)
    {
        next = default;
        hasNext = false;
        if (_json)
        {
            var t = NextSkipping();
            if (t.Kind == TokenKind.Comma)
            {
                return true;
            }

            next = t;
            hasNext = true;
            return false;
        }

        var sawNewline = false;
        while (true)
        {
            var t = NextRaw();
            if (t.Kind is TokenKind.Whitespace or TokenKind.Comment || t.IsUnquotedWhitespace)
            {
                continue;
            }

            if (t.Kind == TokenKind.Newline)
            {
                sawNewline = true;
                continue;
            }

            if (t.Kind == TokenKind.Comma)
            {
                return true;
            }

            next = t;
            hasNext = true;
            return sawNewline;
        }
    }
}
