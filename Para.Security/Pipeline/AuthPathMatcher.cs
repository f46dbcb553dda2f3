// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.RegularExpressions;

namespace Para.Security.Pipeline;

/// <summary>
/// Decides whether a filter handles a request path (relative to <c>para.context_path</c>). Matching works on spans
/// so that a request no filter claims allocates nothing.
/// </summary>
public abstract class AuthPathMatcher
{
    /// <summary>Gets a matcher for one exact path, as Para's filters match (no trailing-slash tolerance, case-sensitive).</summary>
    /// <param name="path">The path, starting with <c>/</c>.</param>
    /// <returns>The matcher.</returns>
    public static AuthPathMatcher Exact(string path) => new ExactMatcher(Validate(path));

    /// <summary>Gets a matcher for any of several exact paths (e.g. a callback and its start path).</summary>
    /// <param name="paths">The paths, each starting with <c>/</c>.</param>
    /// <returns>The matcher.</returns>
    public static AuthPathMatcher AnyOf(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return paths.Length == 1 ? Exact(paths[0]) : new AnyOfMatcher([.. paths.Select(Validate)]);
    }

    /// <summary>Gets a matcher for every path that starts with a prefix.</summary>
    /// <param name="prefix">The prefix, starting with <c>/</c>.</param>
    /// <returns>The matcher.</returns>
    public static AuthPathMatcher Prefix(string prefix) => new PrefixMatcher(Validate(prefix));

    /// <summary>Gets a matcher backed by a regular expression (use a source-generated one).</summary>
    /// <param name="regex">The expression, matched against the relative path.</param>
    /// <returns>The matcher.</returns>
    public static AuthPathMatcher Pattern(Regex regex) => new RegexMatcher(regex ?? throw new ArgumentNullException(nameof(regex)));

    /// <summary>Tests a path.</summary>
    /// <param name="path">The path relative to the context path.</param>
    /// <returns><see langword="true"/> when the filter handles this path.</returns>
    public abstract bool IsMatch(ReadOnlySpan<char> path);

    /// <summary>Describes the matcher for diagnostics, e.g. <c>= /amazon_auth</c>.</summary>
    /// <returns>The description.</returns>
    public abstract override string ToString();

    private static string Validate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/')
        {
            throw new ArgumentException($"A filter path must start with '/': '{path}'.", nameof(path));
        }

        return path;
    }

    private sealed class ExactMatcher(string path) : AuthPathMatcher
    {
        public override bool IsMatch(ReadOnlySpan<char> candidate) => candidate.SequenceEqual(path);

        public override string ToString() => "= " + path;
    }

    private sealed class AnyOfMatcher(string[] paths) : AuthPathMatcher
    {
        public override bool IsMatch(ReadOnlySpan<char> candidate)
        {
            foreach (var path in paths)
            {
                if (candidate.SequenceEqual(path))
                {
                    return true;
                }
            }

            return false;
        }

        public override string ToString() => "= " + string.Join(" | ", paths);
    }

    private sealed class PrefixMatcher(string prefix) : AuthPathMatcher
    {
        public override bool IsMatch(ReadOnlySpan<char> candidate) => candidate.StartsWith(prefix, StringComparison.Ordinal);

        public override string ToString() => prefix + "*";
    }

    private sealed class RegexMatcher(Regex regex) : AuthPathMatcher
    {
        public override bool IsMatch(ReadOnlySpan<char> candidate) => regex.IsMatch(candidate);

        public override string ToString() => "~ " + regex;
    }
}
