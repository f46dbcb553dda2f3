// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>Options for <see cref="HoconParser"/>.</summary>
public sealed class HoconParseOptions
{
    /// <summary>
    /// Looks up environment variables for substitutions that the configuration does not define
    /// (<c>${HOME}</c>, <c>${?PORT}</c>); the name is the substitution path joined with '.', and the value
    /// becomes a string. Null (the default for a new instance) disables the fallback.
    /// </summary>
    public Func<string, string?>? EnvironmentLookup { get; set; }

    /// <summary>Whether <c>include</c> statements are honoured (otherwise they are an error). Defaults to true.</summary>
    public bool AllowIncludes { get; set; } = true;

    /// <summary>
    /// The directory that includes in a parsed string are relative to; null means the current directory.
    /// Ignored by <see cref="HoconParser.ParseFile"/>, whose includes are relative to the including file.
    /// </summary>
    public string? BaseDirectory { get; set; }

    /// <summary>
    /// New options with environment-variable fallback reading the real process environment
    /// (<see cref="ProcessEnvironment"/>) and includes allowed. Each call returns a new instance.
    /// </summary>
    public static HoconParseOptions Default => new() { EnvironmentLookup = ProcessEnvironment };

    /// <summary>A lookup that reads the real process environment.</summary>
    public static Func<string, string?> ProcessEnvironment { get; } = ReadProcessEnvironment;

    private static string? ReadProcessEnvironment(string name)
    {
#pragma warning disable RS0030 // The single, deliberate reader of the real environment: the opt-in default lookup for ${VAR} fallback.
        return Environment.GetEnvironmentVariable(name);
#pragma warning restore RS0030
    }
}
