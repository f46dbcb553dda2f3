// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>Parses a path expression given as a string (for lookups), using the HOCON key rules.</summary>
internal static class PathExpression
{
    public static KeyPath Parse(string path)
    {
        var tokenizer = new Tokenizer(path, "path", json: false);
        var builder = new PathBuilder();
        try
        {
            while (true)
            {
                var t = tokenizer.Next();
                if (t.Kind == TokenKind.End)
                {
                    break;
                }

                if (t.Kind == TokenKind.Whitespace)
                {
                    continue;
                }

                if (!(t.IsValue || t.Kind == TokenKind.UnquotedText))
                {
                    throw new ArgumentException($"invalid path expression '{path}': {t.Describe()} is not allowed", nameof(path));
                }

                builder.Add(t);
            }
        }
        catch (HoconException ex)
        {
            throw new ArgumentException($"invalid path expression '{path}': {ex.Reason}", nameof(path), ex);
        }

        return builder.Build(out var error) ?? throw new ArgumentException($"invalid path expression '{path}': {error}", nameof(path));
    }
}
