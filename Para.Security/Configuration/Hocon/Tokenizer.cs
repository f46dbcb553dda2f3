// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// Turns HOCON (or JSON) text into tokens. Whitespace between two simple values (strings, numbers,
/// booleans, null, substitutions) is reported as unquoted text, because value concatenation keeps it;
/// all other whitespace is reported as <see cref="TokenKind.Whitespace"/> and ignored by the parser.
/// </summary>
internal sealed partial class Tokenizer
{
    private const string Reserved = "$\"{}[]:=,+#`^?!@*&\\";
    private const string NumberChars = "0123456789eE+-.";
    private const string AsciiWhitespace = " \n\t\r\u000B\f\u001C\u001D\u001E\u001F";
    private static readonly bool[] ReservedTable = BuildTable(Reserved);
    private static readonly bool[] WhitespaceTable = BuildTable(AsciiWhitespace);

    // What ends unquoted text: reserved characters, whitespace, and '/' (when it starts a comment).
    private static readonly bool[] UnquotedStopTable = BuildTable(Reserved + AsciiWhitespace + "/");
    private static readonly bool[] NumberTable = BuildTable(NumberChars);

    private readonly string _text;
    private readonly string _origin;
    private readonly bool _json;
    private static readonly SearchValues<char> QuotedStringStops = SearchValues.Create(QuotedStopChars());
    private StringBuilder? _buffer;
    private readonly StringPool? _pool;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private Token _queued;
    private bool _hasQueued;
    private bool _lastWasSimple;

    public Tokenizer(string text, string origin, bool json)
    {
        _text = text;
        _origin = origin;
        _json = json;
        _pool = text.Length >= StringPool.MinInputLength ? new StringPool(text.Length) : null;
    }

    public static bool IsWhitespace(char c) => c < 128 ? WhitespaceTable[c] : IsNonAsciiWhitespace(c);

    private static bool IsNonAsciiWhitespace(char c) => c switch
    {
        '\u00A0' or '\u2007' or '\u202F' or '\uFEFF' => true,
        '\u1680' or '\u2028' or '\u2029' or '\u205F' or '\u3000' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    private static bool[] BuildTable(string chars)
    {
        var table = new bool[128];
        foreach (var c in chars)
        {
            table[c] = true;
        }

        return table;
    }

    private static bool IsReserved(char c) => c < 128 && ReservedTable[c];

    // What ends the plain part of a quoted string: the closing quote, an escape, or a (forbidden) control character.
    private static string QuotedStopChars()
    {
        var chars = new char[' ' + 2];
        for (var c = 0; c < ' '; c++)
        {
            chars[c] = (char)c;
        }

        chars[' '] = '"';
        chars[' ' + 1] = '\\';
        return new string(chars);
    }

    /// <summary>The input text at <paramref name="start"/>, pooled so that repeated keys and values share a string.</summary>
    private string Slice(int start, int length) => Slice(_text.AsSpan(start, length));

    private string Slice(ReadOnlySpan<char> span) => _pool is null ? span.ToString() : _pool.Get(span);

    /// <summary>
    /// Returns the next token. Whitespace is skipped, except between two simple values, where it becomes
    /// unquoted text (see <see cref="Token.IsUnquotedWhitespace"/>) because concatenation keeps it.
    /// </summary>
    public Token Next()
    {
        if (_hasQueued)
        {
            _hasQueued = false;
            return _queued;
        }

        var start = _pos;
        var column = Column;
        _pos = SkipWhitespace(_text, start);
        var length = _pos - start;
        var t = Pull();
        var simple = t.IsSimpleValue;
        var keep = length > 0 && simple && _lastWasSimple;
        _lastWasSimple = simple;
        if (!keep)
        {
            return t;
        }

        _queued = t;
        _hasQueued = true;
        var text = length == 1 && _text[start] == ' ' ? " " : _text.Substring(start, length);
        return Token.KeptWhitespace(text, t.Line, column);
    }

    private int Column => _pos - _lineStart + 1;

    /// <summary>The position of the first character at or after <paramref name="pos"/> that is not whitespace other than a newline.</summary>
    private static int SkipWhitespace(string text, int pos)
    {
        while ((uint)pos < (uint)text.Length && text[pos] != '\n' && IsWhitespace(text[pos]))
        {
            pos++;
        }

        return pos;
    }

    // For quoted strings with escapes only: most documents have none.
    private StringBuilder Buffer => _buffer ??= new StringBuilder();

    private HoconException Error(string reason, int line, int column) => new(reason, _origin, line, column);

    private Token Pull()
    {
        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.End, string.Empty, _line, Column);
        }

        var line = _line;
        var column = Column;
        var c = _text[_pos];
        if (c == '\n')
        {
            _pos++;
            _line++;
            _lineStart = _pos;
            return new Token(TokenKind.Newline, "\n", line, column);
        }

        if (IsWhitespace(c))
        {
            var start = _pos;
            _pos = SkipWhitespace(_text, start);

            // Only substitutions see whitespace tokens (Next() skips runs itself), and rarely keep one.
            var text = _pos - start == 1 && c == ' ' ? " " : _text[start.._pos];
            return new Token(TokenKind.Whitespace, text, line, column);
        }

        if (!_json && (c == '#' || (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')))
        {
            var end = _text.IndexOf('\n', _pos);
            _pos = end < 0 ? _text.Length : end;
            return new Token(TokenKind.Comment, string.Empty, line, column);
        }

        switch (c)
        {
            case '"':
                return PullQuoted(line, column);
            case '$':
                return PullSubstitution(line, column);
            case ':':
                _pos++;
                return new Token(TokenKind.Colon, ":", line, column);
            case ',':
                _pos++;
                return new Token(TokenKind.Comma, ",", line, column);
            case '=':
                _pos++;
                return new Token(TokenKind.Equals, "=", line, column);
            case '{':
                _pos++;
                return new Token(TokenKind.OpenCurly, "{", line, column);
            case '}':
                _pos++;
                return new Token(TokenKind.CloseCurly, "}", line, column);
            case '[':
                _pos++;
                return new Token(TokenKind.OpenSquare, "[", line, column);
            case ']':
                _pos++;
                return new Token(TokenKind.CloseSquare, "]", line, column);
            case '+':
                if (_pos + 1 < _text.Length && _text[_pos + 1] == '=')
                {
                    _pos += 2;
                    return new Token(TokenKind.PlusEquals, "+=", line, column);
                }

                throw Error("expected '=' after '+' ('+' is reserved outside quotes; quote the string)", line, column);
            default:
                break;
        }

        if (c is (>= '0' and <= '9') or '-')
        {
            return PullNumber(line, column);
        }

        if (IsReserved(c))
        {
            throw Error($"reserved character '{c}' is not allowed outside quotes; quote the string", line, column);
        }

        return PullUnquoted(line, column);
    }

    private bool StartsComment(int pos)
    {
        if (_json || pos >= _text.Length)
        {
            return false;
        }

        var c = _text[pos];
        return c == '#' || (c == '/' && pos + 1 < _text.Length && _text[pos + 1] == '/');
    }

    private Token PullUnquoted(int line, int column)
    {
        var start = _pos;
        var end = UnquotedEnd(start);

        // Like the reference tokenizer, true/false/null are recognised as soon as they are complete,
        // and whatever follows becomes a separate (concatenated) token.
        var span = _text.AsSpan(start, end - start);
        if (span.StartsWith("true"))
        {
            _pos = start + 4;
            return new Token(TokenKind.True, "true", line, column);
        }

        if (span.StartsWith("null"))
        {
            _pos = start + 4;
            return new Token(TokenKind.Null, "null", line, column);
        }

        if (span.StartsWith("false"))
        {
            _pos = start + 5;
            return new Token(TokenKind.False, "false", line, column);
        }

        _pos = end;
        return new Token(TokenKind.UnquotedText, Slice(start, end - start), line, column);
    }

    /// <summary>Where unquoted text starting at <paramref name="pos"/> ends: at a reserved character, whitespace or a comment.</summary>
    private int UnquotedEnd(int pos)
    {
        var text = _text;
        while ((uint)pos < (uint)text.Length)
        {
            var c = text[pos];
            if (c < 128 ? UnquotedStopTable[c] && (c != '/' || StartsComment(pos)) : IsNonAsciiWhitespace(c))
            {
                break;
            }

            pos++;
        }

        return pos;
    }

    private Token PullNumber(int line, int column)
    {
        var start = _pos;
        _pos++;
        var decimalOrExponent = false;
        while (_pos < _text.Length && _text[_pos] < 128 && NumberTable[_text[_pos]])
        {
            if (_text[_pos] is '.' or 'e' or 'E')
            {
                decimalOrExponent = true;
            }

            _pos++;
        }

        var s = Slice(start, _pos - start);
        if (decimalOrExponent)
        {
            if (IsJavaDouble(s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return new Token(s, NumberKind.Double, line, column);
            }
        }
        else if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return new Token(s, NumberKind.Int64, line, column);
        }
        else if (BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return new Token(s, NumberKind.BigInteger, line, column);
        }

        // Not a number after all: it is unquoted text, unless it holds a reserved character.
        foreach (var ch in s)
        {
            if (IsReserved(ch))
            {
                throw Error($"reserved character '{ch}' is not allowed outside quotes; quote the string", line, column);
            }
        }

        return new Token(TokenKind.UnquotedText, s, line, column);
    }

    // digits [ '.' digits ] [ (e|E) [+|-] digits ], optional leading '-', at least one digit in the mantissa.
    private static bool IsJavaDouble(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        var mantissaDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            mantissaDigits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            var exponentDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }
}
