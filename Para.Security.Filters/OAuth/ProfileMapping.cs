// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using Para.Security.Identity;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// Declarative "JSON key → identity field" mapping of a provider's profile (style guide rule 4). Keys may be dotted
/// paths into nested objects (<c>user.id</c>). Numbers are read as their JSON text.
/// </summary>
public sealed class ProfileMapping
{
    private readonly List<(string[] Path, Func<ExternalIdentity, string, ExternalIdentity> Set)> _maps = [];

    /// <summary>Gets the mapped keys, for diagnostics and tests.</summary>
    public IReadOnlyList<string> Keys => _maps.Select(m => string.Join('.', m.Path)).ToArray();

    /// <summary>Maps a JSON key to the subject.</summary>
    /// <param name="jsonKey">The key or dotted path.</param>
    /// <returns>This mapping.</returns>
    public ProfileMapping Subject(string jsonKey) => Map(jsonKey, static (i, v) => i with { Subject = v });

    /// <summary>Maps a JSON key to the email.</summary>
    /// <param name="jsonKey">The key or dotted path.</param>
    /// <returns>This mapping.</returns>
    public ProfileMapping Email(string jsonKey) => Map(jsonKey, static (i, v) => i with { Email = v });

    /// <summary>Maps a JSON key to the name.</summary>
    /// <param name="jsonKey">The key or dotted path.</param>
    /// <returns>This mapping.</returns>
    public ProfileMapping Name(string jsonKey) => Map(jsonKey, static (i, v) => i with { Name = v });

    /// <summary>Maps a JSON key to the picture URL.</summary>
    /// <param name="jsonKey">The key or dotted path.</param>
    /// <returns>This mapping.</returns>
    public ProfileMapping Picture(string jsonKey) => Map(jsonKey, static (i, v) => i with { Picture = v });

    /// <summary>Applies the mapping to a profile object.</summary>
    /// <param name="profile">The profile JSON.</param>
    /// <returns>
    /// The mapped fields; those whose key is absent or not a string/number stay <see langword="null"/>. The provider,
    /// identifier and rules are the filter's to add.
    /// </returns>
    public ExternalIdentity Apply(JsonElement profile)
    {
        var identity = new ExternalIdentity();
        foreach (var (path, set) in _maps)
        {
            if (Resolve(profile, path) is { } value)
            {
                identity = set(identity, value);
            }
        }

        return identity;
    }

    private ProfileMapping Map(string jsonKey, Func<ExternalIdentity, string, ExternalIdentity> set)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsonKey);
        _maps.Add((jsonKey.Split('.'), set));
        return this;
    }

    private static string? Resolve(JsonElement element, string[] path)
    {
        foreach (var segment in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
    }
}
