// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;

namespace Para.Security.Configuration.Hocon;

/// <summary>Quoted strings, triple-quoted strings and substitutions.</summary>
internal sealed partial class Tokenizer
{
    private Token PullQuoted(int line, int column)
    {
        _pos++; // opening quote
        if (!_json && _pos + 1 < _text.Length && _text[_pos] == '"' && _text[_pos + 1] == '"')
        {
            _pos += 2;
            return PullTripleQuoted(line, column);
        }

        // Fast path: no escapes or control characters before the closing quote, so the value is a slice of the input.
        var start = _pos;
        var stop = _text.AsSpan(start).IndexOfAny(QuotedStringStops);
        if (stop >= 0 && _text[start + stop] == '"')
        {
            _pos = start + stop + 1;
            return new Token(TokenKind.QuotedString, Slice(start, stop), line, column);
        }

        Buffer.Clear();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("end of input inside a quoted string (missing closing '\"')", line, column);
            }

            var c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                break;
            }

            if (c == '\\')
            {
                ReadEscape();
                continue;
            }

            if (c < ' ')
            {
                var what = c == '\n' ? "newline" : string.Create(CultureInfo.InvariantCulture, $"control character U+{(int)c:X4}");
                throw Error($"unescaped {what} in a quoted string (use a backslash escape or a triple-quoted string)", _line, Column);
            }

            Buffer.Append(c);
            _pos++;
        }

        return new Token(TokenKind.QuotedString, Buffer.ToString(), line, column);
    }

    private void ReadEscape()
    {
        var line = _line;
        var column = Column;
        _pos++; // backslash
        if (_pos >= _text.Length)
        {
            throw Error("end of input after a backslash in a quoted string", line, column);
        }

        var e = _text[_pos++];
        switch (e)
        {
            case '"':
                Buffer.Append('"');
                break;
            case '\\':
                Buffer.Append('\\');
                break;
            case '/':
                Buffer.Append('/');
                break;
            case 'b':
                Buffer.Append('\b');
                break;
            case 'f':
                Buffer.Append('\f');
                break;
            case 'n':
                Buffer.Append('\n');
                break;
            case 'r':
                Buffer.Append('\r');
                break;
            case 't':
                Buffer.Append('\t');
                break;
            case 'u':
                if (_pos + 4 > _text.Length
                    || !int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                    || !IsHex4(_text.AsSpan(_pos, 4)))
                {
                    throw Error("expected 4 hex digits after \\u in a quoted string", line, column);
                }

                _pos += 4;
                Buffer.Append((char)code);
                break;
            default:
                throw Error(
                    $"invalid escape '\\{e}' in a quoted string (use \\\\ for a literal backslash)", line, column);
        }
    }

    private static bool IsHex4(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private Token PullTripleQuoted(int line, int column)
    {
        var start = _pos;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("end of input inside a triple-quoted string (missing closing '\"\"\"')", line, column);
            }

            var c = _text[_pos];
            if (c == '"' && _pos + 2 < _text.Length && _text[_pos + 1] == '"' && _text[_pos + 2] == '"')
            {
                // Extra quotes before the closing three belong to the string.
                var end = _pos + 3;
                while (end < _text.Length && _text[end] == '"')
                {
                    end++;
                }

                var content = _text[start..(end - 3)];
                _pos = end;
                return new Token(TokenKind.QuotedString, content, line, column);
            }

            if (c == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }

            _pos++;
        }
    }

    private Token PullSubstitution(int line, int column)
    {
        var start = _pos;
        _pos++; // '$'
        if (_pos >= _text.Length || _text[_pos] != '{')
        {
            throw Error("expected '{' after '$' ('$' is reserved outside quotes; quote the string)", line, column);
        }

        _pos++;
        var optional = false;
        if (_pos < _text.Length && _text[_pos] == '?')
        {
            optional = true;
            _pos++;
        }

        if (TryPullPlainSubstitution(start, optional, line, column, out var plain))
        {
            return plain;
        }

        var builder = new PathBuilder();
        var lastSimple = false;
        Token? pendingWhitespace = null;
        while (true)
        {
            var t = Pull();
            switch (t.Kind)
            {
                case TokenKind.CloseCurly:
                    goto done;
                case TokenKind.End:
                    throw Error("substitution '${' was not closed with '}'", line, column);
                case TokenKind.Whitespace:
                    pendingWhitespace = t;
                    continue;
                case TokenKind.UnquotedText or TokenKind.QuotedString or TokenKind.Number
                    or TokenKind.True or TokenKind.False or TokenKind.Null:
                    if (pendingWhitespace is { } ws && lastSimple)
                    {
                        builder.Add(ws.Text, quoted: false);
                    }

                    pendingWhitespace = null;
                    builder.Add(t);
                    lastSimple = true;
                    continue;
                default:
                    throw Error($"{t.Describe()} is not allowed in a substitution path (quote it if it is part of a key)", t.Line, t.Column);
            }
        }

    done:
        var path = builder.Build(out var error)
            ?? throw Error(builder.IsEmpty ? "expected a path inside '${}', found nothing" : error!, line, column);
        return new Token(path, optional, _text[start.._pos], line, column);
    }

    /// <summary>
    /// Fast path for the common <c>${a.b.c}</c>: only ASCII letters, digits, '-' and '_' between single dots,
    /// which every tokenization splits the same way. Repeated substitutions share their text and path.
    /// </summary>
    private bool TryPullPlainSubstitution(int start, bool optional, int line, int column, out Token token)
    {
        token = default;
        var end = _pos;
        while (end < _text.Length && IsPlainPathChar(_text[end]))
        {
            end++;
        }

        if (end == _pos || end >= _text.Length || _text[end] != '}')
        {
            return false;
        }

        var whole = _text.AsSpan(start, end + 1 - start);
        if (_pool is null || !_pool.TryGetPath(whole, out var text, out var path))
        {
            if (SplitPath(_text.AsSpan(_pos, end - _pos)) is not { } split)
            {
                return false;
            }

            path = split;
            text = whole.ToString();
            _pool?.AddPath(text, path);
        }

        _pos = end + 1;
        token = new Token(path, optional, text, line, column);
        return true;
    }

    private static bool IsPlainPathChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    /// <summary>
    /// Splits unquoted text at its dots into a path, or returns null when an element would be empty
    /// (the caller then takes the general path, which reports it).
    /// </summary>
    public KeyPath? SplitPath(ReadOnlySpan<char> unquoted)
    {
        var items = new string[unquoted.Count('.') + 1];
        var i = 0;
        foreach (var range in unquoted.Split('.'))
        {
            var element = unquoted[range];
            if (element.IsEmpty)
            {
                return null;
            }

            items[i++] = Slice(element);
        }

        return new KeyPath(items);
    }
}
