// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// Builds a path from the pieces of a key or substitution: unquoted pieces split at '.', quoted pieces never do.
/// An element may be empty only if a quoted empty string contributed to it.
/// </summary>
internal sealed class PathBuilder
{
    private readonly List<string?> _done = [];
    private readonly StringBuilder _current = new();
    private bool _currentCanBeEmpty;
    private bool _any;

    public bool IsEmpty => !_any;

    public void Add(string text, bool quoted)
    {
        _any = true;
        if (quoted)
        {
            _current.Append(text);
            if (_current.Length == 0)
            {
                _currentCanBeEmpty = true;
            }

            return;
        }

        var start = 0;
        while (true)
        {
            var dot = text.IndexOf('.', start);
            if (dot < 0)
            {
                _current.Append(text, start, text.Length - start);
                return;
            }

            _current.Append(text, start, dot - start);
            FinishElement();
            start = dot + 1;
        }
    }

    /// <summary>Adds the text of a key or path token (strings unsplit, others split at dots).</summary>
    public void Add(in Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.QuotedString:
                Add(token.Text, quoted: true);
                break;
            case TokenKind.True:
                Add("true", quoted: false);
                break;
            case TokenKind.False:
                Add("false", quoted: false);
                break;
            case TokenKind.Null:
                Add("null", quoted: false);
                break;
            default:
                Add(token.Text, quoted: false);
                break;
        }
    }

    /// <summary>Returns the path, or null with <paramref name="error"/> set when an element is empty.</summary>
    public KeyPath? Build(out string? error)
    {
        if (!_any)
        {
            error = "expected a key or path, found nothing";
            return null;
        }

        FinishElement();
        var items = new string[_done.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var element = _done[i];
            if (element is null)
            {
                error = "a path may not have a leading, trailing or doubled '.' (quote an empty element as \"\")";
                return null;
            }

            items[i] = element;
        }

        error = null;
        return new KeyPath(items);
    }

    private void FinishElement()
    {
        if (_current.Length == 0 && !_currentCanBeEmpty)
        {
            _done.Add(null);
        }
        else
        {
            _done.Add(_current.ToString());
        }

        _current.Clear();
        _currentCanBeEmpty = false;
    }
}
