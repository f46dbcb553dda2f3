// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>The kinds of token the tokenizer produces.</summary>
internal enum TokenKind : byte
{
    End,
    Newline,
    Whitespace,
    UnquotedText,
    QuotedString,
    Number,
    True,
    False,
    Null,
    Substitution,
    Comment,
    Colon,
    Equals,
    PlusEquals,
    Comma,
    OpenCurly,
    CloseCurly,
    OpenSquare,
    CloseSquare,
}

/// <summary>How a numeric token's text parses.</summary>
internal enum NumberKind : byte
{
    Int64,
    BigInteger,
    Double,
}

/// <summary>One token. <see cref="Text"/> is the string value, number text, or whitespace text.</summary>
internal readonly struct Token
{
    public Token(TokenKind kind, string text, int line, int column)
    {
        Kind = kind;
        Text = text;
        Line = line;
        Column = column;
        NumberKind = NumberKind.Int64;
        SubstitutionPath = null;
        Optional = false;
        IsUnquotedWhitespace = false;
    }

    public Token(string text, NumberKind numberKind, int line, int column)
        : this(TokenKind.Number, text, line, column)
    {
        NumberKind = numberKind;
    }

    public Token(KeyPath path, bool optional, string text, int line, int column)
        : this(TokenKind.Substitution, text, line, column)
    {
        SubstitutionPath = path;
        Optional = optional;
    }

    public TokenKind Kind { get; }

    /// <summary>
    /// True for whitespace between two simple values, reported as unquoted text because value
    /// concatenation keeps it (<c>a b</c> is <c>"a b"</c>). Other unquoted text never holds whitespace.
    /// </summary>
    public bool IsUnquotedWhitespace { get; private init; }

    public string Text { get; }

    public int Line { get; }

    public int Column { get; }

    public NumberKind NumberKind { get; }

    public KeyPath? SubstitutionPath { get; }

    public bool Optional { get; }

    public static Token KeptWhitespace(string text, int line, int column) =>
        new(TokenKind.UnquotedText, text, line, column) { IsUnquotedWhitespace = true };

    /// <summary>True for tokens that take part in value concatenation (whitespace between two of them is kept).</summary>
    public bool IsSimpleValue => Kind is TokenKind.UnquotedText or TokenKind.QuotedString or TokenKind.Number
        or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Substitution;

    /// <summary>A literal value (string, number, boolean, null) that may be part of a key.</summary>
    public bool IsValue => Kind is TokenKind.QuotedString or TokenKind.Number or TokenKind.True
        or TokenKind.False or TokenKind.Null;


    /// <summary>Describes the token for an error message, e.g. <c>']'</c> or <c>end of input</c>.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Newline => "a newline",
        TokenKind.Whitespace => "whitespace",
        TokenKind.UnquotedText => IsUnquotedWhitespace ? "whitespace" : $"'{Text}'",
        TokenKind.QuotedString => $"string \"{Text}\"",
        TokenKind.Number => $"number {Text}",
        TokenKind.True => "'true'",
        TokenKind.False => "'false'",
        TokenKind.Null => "'null'",
        TokenKind.Substitution => $"substitution {Text}",
        TokenKind.Comment => "a comment",
        TokenKind.Colon => "':'",
        TokenKind.Equals => "'='",
        TokenKind.PlusEquals => "'+='",
        TokenKind.Comma => "','",
        TokenKind.OpenCurly => "'{'",
        TokenKind.CloseCurly => "'}'",
        TokenKind.OpenSquare => "'['",
        TokenKind.CloseSquare => "']'",
        _ => Kind.ToString(),
    };
}
