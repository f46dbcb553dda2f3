// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>The include statement: <c>include "x"</c>, <c>file("x")</c>, <c>required(...)</c>.</summary>
internal sealed partial class SyntaxParser
{
    private void ParseInclude(FieldMap fields, in Token includeToken)
    {
        var at = Origin(includeToken);
        if (!_includes.AllowIncludes)
        {
            throw at.Error("include statements are disabled by the parse options");
        }

        var t = NextSkipping();
        var required = false;
        IncludeKind kind;
        string name;
        if (t.Kind == TokenKind.UnquotedText && t.Text.StartsWith("required(", StringComparison.Ordinal))
        {
            required = true;
            PushBackRest(t, "required(".Length);
            (kind, name) = ParseIncludeResource();
            var close = NextSkipping();
            if (!(close.Kind == TokenKind.UnquotedText && close.Text == ")"))
            {
                throw Error($"expected ')' to close 'required(', found {close.Describe()}", close);
            }
        }
        else
        {
            PushBack(t);
            (kind, name) = ParseIncludeResource();
        }

        var included = _includes.Include(kind, name, required, at);
        if (_arrayDepth > 0 && !included.IsResolved)
        {
            throw at.Error("an included file with ${} substitutions cannot be included inside an array element; move the include out of the array");
        }

        if (_pathStack.Count > 0)
        {
            included = (ObjectNode)NodeUtil.Relativize(included, FullPath());
        }

        foreach (var (key, value) in included.Fields)
        {
            fields[key] = fields.TryGetValue(key, out var existing) ? NodeMerge.WithFallback(value, existing) : value;
        }
    }

    private void PushBackRest(in Token t, int consumed)
    {
        if (t.Text.Length > consumed)
        {
            PushBack(new Token(TokenKind.UnquotedText, t.Text[consumed..], t.Line, t.Column + consumed));
        }
    }

    private (IncludeKind Kind, string Name) ParseIncludeResource()
    {
        var t = NextSkipping();
        if (t.Kind == TokenKind.QuotedString)
        {
            return (IncludeKind.Heuristic, t.Text);
        }

        if (t.Kind != TokenKind.UnquotedText)
        {
            throw Error($"expected a quoted file name after include, found {t.Describe()}", t);
        }

        IncludeKind kind;
        string prefix;
        if (t.Text.StartsWith("file(", StringComparison.Ordinal))
        {
            (kind, prefix) = (IncludeKind.File, "file(");
        }
        else if (t.Text.StartsWith("url(", StringComparison.Ordinal))
        {
            (kind, prefix) = (IncludeKind.Url, "url(");
        }
        else if (t.Text.StartsWith("classpath(", StringComparison.Ordinal))
        {
            (kind, prefix) = (IncludeKind.Classpath, "classpath(");
        }
        else
        {
            throw Error($"expected a quoted file name, file(\"...\") or required(\"...\") after include, found {t.Describe()}", t);
        }

        PushBackRest(t, prefix.Length);
        var nameToken = NextSkipping();
        if (nameToken.Kind != TokenKind.QuotedString)
        {
            throw Error($"expected a quoted string inside '{prefix}', found {nameToken.Describe()}", nameToken);
        }

        var close = NextSkipping();
        if (!(close.Kind == TokenKind.UnquotedText && close.Text.StartsWith(')')))
        {
            throw Error($"expected ')' after '{prefix}\"{nameToken.Text}\"', found {close.Describe()}", close);
        }

        PushBackRest(close, 1);
        return (kind, nameToken.Text);
    }
}
