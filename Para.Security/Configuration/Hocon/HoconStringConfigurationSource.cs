// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;

namespace Para.Security.Configuration.Hocon;

/// <summary>HOCON text as a configuration source.</summary>
public sealed class HoconStringConfigurationSource : IConfigurationSource
{
    /// <summary>The HOCON text.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>The name used for the text in error messages.</summary>
    public string OriginName { get; set; } = "string";

    /// <summary>
    /// Environment lookup for substitutions the text does not define. Defaults to the real process
    /// environment (<see cref="HoconParseOptions.ProcessEnvironment"/>); null disables the fallback.
    /// </summary>
    public Func<string, string?>? EnvironmentLookup { get; set; } = HoconParseOptions.ProcessEnvironment;

    /// <summary>Whether include statements are allowed. Defaults to true.</summary>
    public bool AllowIncludes { get; set; } = true;

    /// <summary>The directory includes are relative to; null means the current directory.</summary>
    public string? BaseDirectory { get; set; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconStringConfigurationProvider(this);
}
