// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// Per-document pool of the short strings the tokenizer cuts from the input, so that a key or value
/// that repeats (the same field names in many objects) is one string instead of one per occurrence,
/// and of the paths of plain substitutions, so that a repeated <c>${a.b}</c> is split once.
/// </summary>
internal sealed class StringPool
{
    /// <summary>Inputs shorter than this are not worth a pool: building it costs more than it saves.</summary>
    public const int MinInputLength = 16 * 1024;

    private const int MaxLength = 32;
    private const int MaxCount = 8192;
    private readonly HashSet<string> _strings;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<string, KeyPath> _paths = [];
    private readonly Dictionary<string, KeyPath>.AlternateLookup<ReadOnlySpan<char>> _pathLookup;

    public StringPool(int inputLength)
    {
        _strings = new HashSet<string>(Math.Min(inputLength / 256, MaxCount));
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        _pathLookup = _paths.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The text of <paramref name="span"/>, shared with earlier occurrences when it is short.</summary>
    public string Get(ReadOnlySpan<char> span)
    {
        if (span.Length > MaxLength)
        {
            return span.ToString();
        }

        if (_lookup.TryGetValue(span, out var found))
        {
            return found;
        }

        var s = span.ToString();
        if (_strings.Count < MaxCount)
        {
            _strings.Add(s);
        }

        return s;
    }

    /// <summary>Finds a substitution seen before by its whole text (<c>${a.b}</c>).</summary>
    public bool TryGetPath(ReadOnlySpan<char> text, out string sharedText, out KeyPath path) =>
        _pathLookup.TryGetValue(text, out sharedText!, out path!);

    public void AddPath(string text, KeyPath path)
    {
        if (_paths.Count < MaxCount)
        {
            _paths.Add(text, path);
        }
    }
}
