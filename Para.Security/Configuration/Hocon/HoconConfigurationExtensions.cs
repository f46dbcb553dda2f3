// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.ComponentModel;
using Para.Security.Configuration.Hocon;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds HOCON files and text to an <see cref="IConfigurationBuilder"/>.</summary>
/// <remarks>
/// Every method also calls <see cref="RegisterHoconConverters"/>, so options bind HOCON durations
/// (<c>timeout = 10s</c>) to <see cref="TimeSpan"/> properties through the reflection-based binder
/// (<c>configuration.Get&lt;T&gt;()</c>). Sizes bind to <see cref="HoconSize"/> properties, which carry their own converter.
/// </remarks>
public static class HoconConfigurationExtensions
{
    private static int _registered;

    /// <summary>Adds a HOCON file (required, not reloaded).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file path, relative to the builder's file provider base path, or absolute.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path) =>
        AddHoconFile(builder, path, optional: false, reloadOnChange: false);

    /// <summary>Adds a HOCON file.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file path.</param>
    /// <param name="optional">Whether the file may be missing.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional) =>
        AddHoconFile(builder, path, optional, reloadOnChange: false);

    /// <summary>Adds a HOCON file.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file path.</param>
    /// <param name="optional">Whether the file may be missing.</param>
    /// <param name="reloadOnChange">Whether to reload when the file changes (a broken file then keeps the last good values).</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional, bool reloadOnChange)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AddHoconFile(builder, source =>
        {
            source.Path = path;
            source.Optional = optional;
            source.ReloadOnChange = reloadOnChange;
            source.ResolveFileProvider();
        });
    }

    /// <summary>Adds a HOCON file, configured by <paramref name="configureSource"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configureSource">Sets up the source (path, file provider, environment lookup, logger...).</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, Action<HoconConfigurationSource>? configureSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RegisterHoconConverters();
        return builder.Add(configureSource);
    }

    /// <summary>Adds HOCON text. Includes are relative to the current directory.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="text">The HOCON text.</param>
    /// <param name="originName">The name used in error messages.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, string originName = "string")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        RegisterHoconConverters();
        return builder.Add(new HoconStringConfigurationSource { Text = text, OriginName = originName });
    }

    /// <summary>
    /// Registers <see cref="HoconTimeSpanConverter"/> for <see cref="TimeSpan"/> with <see cref="TypeDescriptor"/>,
    /// once per process. This is global: any code that converts strings to <see cref="TimeSpan"/> through
    /// <see cref="TypeDescriptor"/> then also accepts <c>10s</c>-style durations (other text converts as before).
    /// The configuration-binding source generator does not use type converters and is not affected.
    /// </summary>
    public static void RegisterHoconConverters()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(HoconTimeSpanConverter)));
        }
    }
}
