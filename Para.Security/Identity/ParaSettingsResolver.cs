// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Para.Security.Configuration;

namespace Para.Security.Identity;

/// <summary>
/// Para's per-app override rules (para-spec.md §2.2): an app's own settings win; only the root app falls back to the
/// configuration; child apps get the literal default.
/// </summary>
public sealed class ParaSettingsResolver
{
    /// <summary>The JWT validity when neither the app nor <c>para.jwt_expires_after</c> says otherwise.</summary>
    public const long DefaultTokenValiditySec = 86400;

    private readonly ParaConfig _config;
    private readonly ParaRootApp _root;

    /// <summary>Initializes a new instance of the <see cref="ParaSettingsResolver"/> class.</summary>
    /// <param name="config">The Para configuration.</param>
    /// <param name="root">The root-app knowledge.</param>
    public ParaSettingsResolver(ParaConfig config, ParaRootApp root)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _root = root ?? throw new ArgumentNullException(nameof(root));
    }

    /// <summary>
    /// Reads a setting (<c>getSettingForApp</c>): the app's setting as Java's <c>String.valueOf</c> would print it when the
    /// key is present (even blank); else, for the root app only, the configuration value <c>para.{key}</c>; else the default.
    /// </summary>
    /// <param name="app">The app, or <see langword="null"/> (which gives the default).</param>
    /// <param name="key">The setting key, e.g. <c>security.one_session_per_user</c>.</param>
    /// <param name="defaultValue">The default.</param>
    /// <returns>The value.</returns>
    [return: NotNullIfNotNull(nameof(defaultValue))]
    public string? GetSettingForApp(ParaApp? app, string key, string? defaultValue)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (app is null)
        {
            return defaultValue;
        }

        if (app.Settings.TryGetPropertyValue(key, out var node))
        {
            return StringValueOf(node);
        }

        return _root.IsRoot(app) ? _config.Get(key) ?? defaultValue : defaultValue;
    }

    /// <summary>
    /// Reads an app's OAuth client credentials (<c>getOAuthKeysForApp</c>): <c>{p}_app_id</c> and <c>{p}_secret</c> from the
    /// settings when <b>both</b> are present; else, for the root app, both from the configuration; else empty.
    /// </summary>
    /// <param name="app">The app, or <see langword="null"/> (which gives empty keys).</param>
    /// <param name="prefix">The identifier prefix, with or without its separator: <c>az:</c> or <c>az</c>.</param>
    /// <returns>The credentials; <see cref="ParaOAuthKeys.Empty"/> when not configured.</returns>
    public ParaOAuthKeys GetOAuthKeysForApp(ParaApp? app, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (app is null)
        {
            return ParaOAuthKeys.Empty;
        }

        var p = prefix.EndsWith(':') ? prefix[..^1] : prefix;
        var idKey = p + "_app_id";
        var secretKey = p + "_secret";
        if (app.Settings.TryGetPropertyValue(idKey, out var id) && app.Settings.TryGetPropertyValue(secretKey, out var secret))
        {
            return new ParaOAuthKeys(StringValueOf(id), StringValueOf(secret));
        }

        return _root.IsRoot(app)
            ? new ParaOAuthKeys(_config.Get(idKey, string.Empty), _config.Get(secretKey, string.Empty))
            : ParaOAuthKeys.Empty;
    }

    /// <summary>
    /// Returns an app's JWT validity in seconds (<c>App.getTokenValiditySec()</c>, para-spec.md §0.1): the absolute value
    /// of a <b>numeric</b> <c>session_timeout</c> setting (a string is ignored), else the app's stored field; a missing or
    /// non-positive result gives <c>para.jwt_expires_after</c> (86400).
    /// </summary>
    /// <param name="app">The app, or <see langword="null"/> for the configured default.</param>
    /// <returns>The validity in seconds.</returns>
    public long GetTokenValiditySec(ParaApp? app)
    {
        var validity = app?.TokenValiditySec;
        if (app is not null && app.Settings.TryGetPropertyValue("session_timeout", out var node)
            && node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            // The JSON text covers every backing type (parsed elements, int, long, double...); Java's longValue() truncates.
            var text = value.ToJsonString();
            validity = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)
                ? Math.Abs(whole)
                : (long)Math.Abs(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return validity is > 0 ? validity.Value : _config.GetInt64("jwt_expires_after", DefaultTokenValiditySec);
    }

    /// <summary>
    /// Renders a settings value as Java's <c>String.valueOf</c> does for Para's settings map: a string gives its raw text,
    /// a number its digits, a boolean <c>true</c>/<c>false</c>, JSON <c>null</c> gives <c>null</c>, objects and arrays their JSON.
    /// </summary>
    /// <param name="node">The value.</param>
    /// <returns>The text.</returns>
    public static string StringValueOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        JsonValue v when v.TryGetValue<long>(out var whole) => whole.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
