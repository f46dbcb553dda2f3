// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;

namespace Para.Security.Configuration.Hocon;

/// <summary>The forms of include statement.</summary>
internal enum IncludeKind
{
    Heuristic,
    File,
    Url,
    Classpath,
}

/// <summary>
/// Finds and parses included files. Names are resolved relative to the directory of the including
/// file (or the base directory for parsed strings). A name without <c>.conf</c>/<c>.json</c>/<c>.properties</c>
/// tries <c>name.conf</c> then <c>name.json</c> (both are merged, <c>.conf</c> winning);
/// <c>.properties</c> files are rejected. Include cycles are detected by full path.
/// </summary>
internal sealed class IncludeContext
{
    private const int MaxDepth = 50;
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string[] _stack;

    public IncludeContext(bool allowIncludes, string? baseDirectory, string[] stack)
    {
        AllowIncludes = allowIncludes;
        BaseDirectory = baseDirectory;
        _stack = stack;
    }

    public bool AllowIncludes { get; }

    public string? BaseDirectory { get; }

    /// <summary>Reads a file as UTF-8 (a BOM is accepted) and parses it, without resolving.</summary>
    public static ObjectNode ParseFile(string fullPath, string displayName, bool allowIncludes, string[] stack, HoconOrigin? at)
    {
        string text;
        try
        {
            text = File.ReadAllText(fullPath, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = $"cannot read '{displayName}': {ex.Message}";
            throw at is { } origin ? origin.Error(reason) : new HoconException(reason, displayName, 0, 0, ex);
        }

        var json = fullPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var context = new IncludeContext(allowIncludes, Path.GetDirectoryName(fullPath), [.. stack, fullPath]);
        return new SyntaxParser(text, displayName, json, context).ParseDocument();
    }

    public ObjectNode Include(IncludeKind kind, string name, bool required, HoconOrigin at)
    {
        if (kind is IncludeKind.Url or IncludeKind.Classpath)
        {
            var form = kind == IncludeKind.Url ? "url" : "classpath";
            throw at.Error($"include {form}(\"{name}\") is not supported; include files with a quoted name or file(\"...\")");
        }

        if (name.Length == 0)
        {
            throw at.Error("include needs a non-empty file name");
        }

        var baseDirectory = BaseDirectory ?? Directory.GetCurrentDirectory();
        var full = Path.GetFullPath(Path.Combine(baseDirectory, name));
        string[] candidates = HasKnownExtension(name) ? [full] : [full + ".conf", full + ".json", full + ".properties"];
        ObjectNode? result = null;
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            if (candidate.EndsWith(".properties", StringComparison.Ordinal))
            {
                throw at.Error($"including Java .properties files is not supported: '{name}'");
            }

            var parsed = ParseIncluded(candidate, at);
            result = result is null ? parsed : (ObjectNode)NodeMerge.WithFallback(result, parsed);
        }

        if (result is null)
        {
            if (required)
            {
                var looked = string.Join(", ", candidates.Take(2).Select(Path.GetFileName));
                throw at.Error($"required include '{name}' was not found (looked for {looked} in '{baseDirectory}')");
            }

            return new ObjectNode(at, new FieldMap());
        }

        return result;
    }

    private static bool HasKnownExtension(string name) =>
        name.EndsWith(".conf", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)
        || name.EndsWith(".properties", StringComparison.Ordinal);

    private ObjectNode ParseIncluded(string fullPath, HoconOrigin at)
    {
        foreach (var open in _stack)
        {
            if (string.Equals(open, fullPath, PathComparison))
            {
                var chain = string.Join(" -> ", _stack.Append(fullPath).Select(Path.GetFileName));
                throw at.Error($"include cycle: {chain}");
            }
        }

        if (_stack.Length >= MaxDepth)
        {
            throw at.Error($"includes are nested more than {MaxDepth} levels deep");
        }

        return ParseFile(fullPath, DisplayName(fullPath), AllowIncludes, _stack, at);
    }

    /// <summary>A short name for error messages: relative to the current directory when that is shorter.</summary>
    public static string DisplayName(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        return relative.Length < fullPath.Length ? relative : fullPath;
    }
}
