// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// Parses and resolves HOCON (lightbend's HOCON.md): the result has every substitution, include,
/// concatenation and merge applied. All problems are reported as <see cref="HoconException"/>
/// naming origin, line and column.
/// </summary>
/// <remarks>
/// <para>Includes: <c>include "name"</c>, <c>include file("name")</c> and <c>include required(...)</c> are
/// resolved relative to the including file (for parsed strings: <see cref="HoconParseOptions.BaseDirectory"/>).
/// A name ending in <c>.conf</c> or <c>.json</c> is read as that syntax; a name without one of those
/// extensions tries <c>name.conf</c> and <c>name.json</c> and merges what exists (<c>.conf</c> wins).
/// A missing include is ignored unless <c>required(...)</c>. Java <c>.properties</c> files are not supported
/// and are rejected with an error, as are <c>include classpath(...)</c> and <c>include url(...)</c>.
/// Include cycles are reported.</para>
/// <para>Numbers: an integer too large for <see cref="long"/> stays a number (kept as its digits), where the
/// reference implementation would make it a string. Integral values render as integers in JSON.</para>
/// <para>Unresolved substitutions fall back to <see cref="HoconParseOptions.EnvironmentLookup"/> (name = path
/// joined with '.'), whose values are strings.</para>
/// </remarks>
public static class HoconParser
{
    /// <summary>
    /// Parses and resolves a file. A <c>.json</c> file is parsed as strict JSON, anything else as HOCON.
    /// Includes are relative to the including file.
    /// </summary>
    /// <param name="path">The file; its name (as given) is used as the origin in messages.</param>
    /// <param name="options">Options; null means <see cref="HoconParseOptions.Default"/> (environment fallback on).</param>
    /// <returns>The resolved root object.</returns>
    /// <exception cref="HoconException">The file is missing, unreadable, malformed or does not resolve.</exception>
    public static HoconObject ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= HoconParseOptions.Default;
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new HoconException($"configuration file not found: '{full}'", path, 0, 0);
        }

        var root = IncludeContext.ParseFile(full, path, options.AllowIncludes, [], null);
        return Finish(root, options);
    }

    /// <summary>Parses and resolves HOCON text.</summary>
    /// <param name="text">The HOCON text.</param>
    /// <param name="originName">The name used in error messages.</param>
    /// <param name="options">Options; null means <see cref="HoconParseOptions.Default"/> (environment fallback on).
    /// Includes are relative to <see cref="HoconParseOptions.BaseDirectory"/> or the current directory.</param>
    /// <returns>The resolved root object.</returns>
    /// <exception cref="HoconException">The text is malformed or does not resolve.</exception>
    public static HoconObject ParseString(string text, string originName = "string", HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(originName);
        options ??= HoconParseOptions.Default;
        var baseDirectory = options.BaseDirectory is null ? null : Path.GetFullPath(options.BaseDirectory);
        var context = new IncludeContext(options.AllowIncludes, baseDirectory, []);
        var root = new SyntaxParser(text, originName, json: false, context).ParseDocument();
        return Finish(root, options);
    }

    /// <summary>Parses text that was read from <paramref name="fullPath"/>: includes are relative to it and may not include it.</summary>
    internal static HoconObject ParseFileText(string text, string originName, string fullPath, HoconParseOptions options)
    {
        var context = new IncludeContext(options.AllowIncludes, Path.GetDirectoryName(fullPath), [fullPath]);
        var json = fullPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var root = new SyntaxParser(text, originName, json, context).ParseDocument();
        return Finish(root, options);
    }

    private static HoconObject Finish(ObjectNode root, HoconParseOptions options) =>
        (HoconObject)Materialize(Resolver.ResolveRoot(root, options.EnvironmentLookup));

    private static HoconValue Materialize(Node node)
    {
        switch (node)
        {
            case ObjectNode o:
                var values = new HoconValue[o.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = Materialize(o.Fields.ValueAt(i));
                }

                return new HoconObject(o.Fields.KeysArray(), values);
            case ListNode l:
                return new HoconArray(Array.ConvertAll(l.Items, Materialize));
            case ScalarNode s:
                var type = s.Kind switch
                {
                    ScalarKind.String => HoconValueType.String,
                    ScalarKind.Number => HoconValueType.Number,
                    ScalarKind.Boolean => HoconValueType.Boolean,
                    _ => HoconValueType.Null,
                };
                return new HoconScalar(type, s.Text, s.NumberKind);
            default:
                throw node.Origin.Error("internal error: unresolved value after resolution");
        }
    }
}
