// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Para.Security.Configuration.Hocon;

/// <summary>A HOCON file as a configuration source. Includes in the file are relative to the file.</summary>
public sealed class HoconConfigurationSource : FileConfigurationSource
{
    /// <summary>
    /// Environment lookup for substitutions the file does not define (<c>${?PORT}</c>). Defaults to the
    /// real process environment (<see cref="HoconParseOptions.ProcessEnvironment"/>); null disables the fallback.
    /// </summary>
    public Func<string, string?>? EnvironmentLookup { get; set; } = HoconParseOptions.ProcessEnvironment;

    /// <summary>Whether include statements are allowed. Defaults to true.</summary>
    public bool AllowIncludes { get; set; } = true;

    /// <summary>Receives a warning when a reload fails and the last good values are kept.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Called when a reload fails and the last good values are kept.</summary>
    public Action<HoconException>? OnReloadError { get; set; }

    /// <inheritdoc />
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new HoconConfigurationProvider(this);
    }
}
