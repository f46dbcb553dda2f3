// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Para.Security.Configuration;

/// <summary>
/// Para's environment override (para-spec.md §2.1): key <c>para.security.signin_success</c> is read from
/// <c>PARA_SECURITY_SIGNIN_SUCCESS</c> (dots become underscores; the upper-case name first, then the exact-case one).
/// The variable is looked up when the key is read, exactly as Para does, so no list of keys is needed.
/// </summary>
internal sealed class ParaEnvironmentConfigurationProvider : ConfigurationProvider
{
    // Every configuration read asks this provider first, several times per request: the variable names of a key are
    // worked out once. The keys are the code's own paths, a few hundred at most; past the cap, names are not kept.
    private const int MaxCachedKeys = 4096;

    private readonly Func<string, string?> _lookup;
    private readonly ConcurrentDictionary<string, string[]> _names = new(StringComparer.Ordinal);

    public ParaEnvironmentConfigurationProvider(Func<string, string?> lookup)
    {
        _lookup = lookup;
    }

    /// <summary>Returns the environment variable names for a configuration path, or none for paths outside <c>para</c>.</summary>
    /// <param name="path">A configuration path such as <c>para:security:signin_success</c>.</param>
    /// <returns>The upper-case name and the exact-case name, or an empty array.</returns>
    public static string[] VariableNames(string path)
    {
        if (!path.StartsWith(ParaConfig.Root + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase) || path.Length == ParaConfig.Root.Length + 1)
        {
            return [];
        }

        var exact = "PARA_" + path[(ParaConfig.Root.Length + 1)..].Replace(':', '_').Replace('.', '_');
        var upper = exact.ToUpperInvariant();
        return upper == exact ? [upper] : [upper, exact];
    }

    public override bool TryGet(string key, out string? value)
    {
        if (!_names.TryGetValue(key, out var names))
        {
            names = VariableNames(key);
            if (_names.Count < MaxCachedKeys)
            {
                _names.TryAdd(key, names);
            }
        }

        foreach (var name in names)
        {
            if (_lookup(name) is { } found)
            {
                value = found;
                return true;
            }
        }

        value = null;
        return false;
    }
}
