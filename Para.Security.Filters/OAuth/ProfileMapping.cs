// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using Para.Security.Identity;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// Declarative "JSON key → identity field" mapping of a provider's profile (style guide rule 4). A key is a property
/// name, a dotted path into nested objects (<c>user.id</c>), or an RFC 6901 JSON pointer (<c>/data/0/email</c>, array
/// indexes allowed; <c>~1</c> and <c>~0</c> escape <c>/</c> and <c>~</c>), as Para's generic provider accepts.
/// Numbers are read as their JSON text.
/// </summary>
public sealed class ProfileMapping
{
    private readonly List<(string Key, string[] Path, Action<ExternalIdentity, string> Set)> _maps = [];

    /// <summary>Gets the mapped keys, for diagnostics and tests.</summary>
    public IReadOnlyList<string> Keys => _maps.Select(m => m.Key).ToArray();

    /// <summary>Maps a JSON key to the subject.</summary>
    /// <param name="jsonKey">The key or dotted path.</param>
    /// <returns>This mapping.</returns>
    public ProfileMapping Subject(string jsonKey) => Map(jsonKey, static (i, v) => i.Subject = v);

    /// <summary>Maps a JSON key to the email.</summary>
    /// <param name="jsonKey">The key or dotted path.</param>
    /// <returns>This mapping.</returns>
    public ProfileMapping Email(string jsonKey) => Map(jsonKey, static (i, v) => i.Email = v);

    /// <summary>Maps a JSON key to the name.</summary>
    /// <param name="jsonKey">The key or dotted path.</param>
    /// <returns>This mapping.</returns>
    public ProfileMapping Name(string jsonKey) => Map(jsonKey, static (i, v) => i.Name = v);

    /// <summary>Maps a JSON key to the picture URL.</summary>
    /// <param name="jsonKey">The key or dotted path.</param>
    /// <returns>This mapping.</returns>
    public ProfileMapping Picture(string jsonKey) => Map(jsonKey, static (i, v) => i.Picture = v);

    /// <summary>Maps a JSON key to any identity field, for what the four named fields do not cover.</summary>
    /// <param name="jsonKey">The key, dotted path or JSON pointer.</param>
    /// <param name="set">Stores the value in the identity.</param>
    /// <returns>This mapping.</returns>
    public ProfileMapping Map(string jsonKey, Action<ExternalIdentity, string> set)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsonKey);
        ArgumentNullException.ThrowIfNull(set);
        var path = jsonKey.StartsWith('/')
            ? jsonKey[1..].Split('/').Select(static s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray()
            : jsonKey.Split('.');
        _maps.Add((jsonKey, path, set));
        return this;
    }

    /// <summary>Applies the mapping to a profile object.</summary>
    /// <param name="profile">The profile JSON.</param>
    /// <returns>The identity; fields whose key is absent or not a string/number stay <see langword="null"/>.</returns>
    public ExternalIdentity Apply(JsonElement profile) => Apply(profile, new ExternalIdentity());

    /// <summary>
    /// Applies the mapping over an identity already filled from another source (e.g. the claims of a validated
    /// <c>id_token</c>): the fields this profile has replace theirs, the others stay.
    /// </summary>
    /// <param name="profile">The profile JSON.</param>
    /// <param name="identity">The identity to fill.</param>
    /// <returns><paramref name="identity"/>.</returns>
    public ExternalIdentity Apply(JsonElement profile, ExternalIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        foreach (var (_, path, set) in _maps)
        {
            if (Resolve(profile, path) is { } value)
            {
                set(identity, value);
            }
        }

        return identity;
    }

    private static string? Resolve(JsonElement element, string[] path)
    {
        foreach (var segment in path)
        {
            var found = element.ValueKind switch
            {
                JsonValueKind.Object => element.TryGetProperty(segment, out element),
                JsonValueKind.Array => int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                    && index < element.GetArrayLength() && (element = element[index]).ValueKind != JsonValueKind.Undefined,
                _ => false,
            };
            if (!found)
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
