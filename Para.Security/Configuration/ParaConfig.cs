// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Para.Security.Configuration;

/// <summary>
/// Reads Para's configuration keys (written relative to the <c>para</c> root, e.g. <c>security.signin_success</c>)
/// with Para's conversion rules (para-spec.md §2.1). The layering itself (reference.conf, the config file,
/// <c>PARA_*</c> environment variables, the command line) is done by the configuration providers.
/// </summary>
public sealed class ParaConfig
{
    /// <summary>The HOCON root of every Para key.</summary>
    public const string Root = "para";

    private readonly IConfiguration _configuration;

    /// <summary>Initializes a new instance of the <see cref="ParaConfig"/> class.</summary>
    /// <param name="configuration">The application configuration.</param>
    public ParaConfig(IConfiguration configuration)
    {
        _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
    }

    /// <summary>
    /// Gets <c>para.context_path</c> as a path base: empty, or a path starting with <c>/</c> and without a trailing
    /// <c>/</c>.
    /// </summary>
    public Microsoft.AspNetCore.Http.PathString ContextPath
    {
        get
        {
            var value = Get("context_path")?.Trim().TrimEnd('/');
            return string.IsNullOrEmpty(value) ? default : new(value[0] == '/' ? value : "/" + value);
        }
    }

    /// <summary>Converts a Para key (<c>security.signin_success</c>) to its configuration path (<c>para:security:signin_success</c>).</summary>
    /// <param name="key">The key relative to <c>para</c>.</param>
    /// <returns>The configuration path.</returns>
    public static string ToPath(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Root + ConfigurationPath.KeyDelimiter + key.Replace('.', ':');
    }

    /// <summary>Reads a key's value as a string.</summary>
    /// <param name="key">The key relative to <c>para</c>.</param>
    /// <returns>The value, or <see langword="null"/> when the key is absent.</returns>
    public string? Get(string key) => _configuration[ToPath(key)];

    /// <summary>Reads a key's value, or a default when the key is absent.</summary>
    /// <param name="key">The key relative to <c>para</c>.</param>
    /// <param name="defaultValue">The value when the key is absent.</param>
    /// <returns>The value.</returns>
    public string Get(string key, string defaultValue) => Get(key) ?? defaultValue;

    /// <summary>Reads a boolean as Java's <c>Boolean.parseBoolean</c> does: only <c>true</c>, in any case, is true.</summary>
    /// <param name="key">The key relative to <c>para</c>.</param>
    /// <param name="defaultValue">The value when the key is absent.</param>
    /// <returns>The value.</returns>
    public bool GetBoolean(string key, bool defaultValue)
    {
        var value = Get(key);
        return value is null ? defaultValue : string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads an integer; a value that is not an integer gives the default (Para's <c>NumberUtils.toLong</c>).</summary>
    /// <param name="key">The key relative to <c>para</c>.</param>
    /// <param name="defaultValue">The value when the key is absent or not a number.</param>
    /// <returns>The value.</returns>
    public long GetInt64(string key, long defaultValue)
    {
        var value = Get(key);
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : defaultValue;
    }

    /// <summary>Reads a list (a HOCON array, flattened to <c>key:0</c>, <c>key:1</c>, …); a plain string gives a one-element list.</summary>
    /// <param name="key">The key relative to <c>para</c>.</param>
    /// <returns>The elements in order; empty when the key is absent.</returns>
    public IReadOnlyList<string> GetList(string key)
    {
        var section = _configuration.GetSection(ToPath(key));
        if (section.Value is { } single)
        {
            return [single];
        }

        return section.GetChildren()
            .Where(child => child.Value is not null)
            .OrderBy(child => int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .Select(child => child.Value!)
            .ToList();
    }
}
