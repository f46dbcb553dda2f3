// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration;

/// <summary>The config file chosen at startup and why (para-spec.md §2.1).</summary>
/// <param name="Path">The full path, or <see langword="null"/> when no file exists and only defaults apply.</param>
/// <param name="ChosenBy">What chose it: <c>--config</c>, <c>PARA_CONFIG_FILE</c>, <c>para-application.conf</c>, <c>conf/application.conf</c> or <c>defaults only</c>.</param>
public sealed record ParaConfigFile(string? Path, string ChosenBy)
{
    /// <summary>
    /// Picks the config file: <c>--config &lt;path&gt;</c>, else <c>PARA_CONFIG_FILE</c>, else
    /// <c>./para-application.conf</c> when it exists (Para compatibility), else <c>conf/application.conf</c> when it exists.
    /// </summary>
    /// <param name="sources">The command line, environment and working directory.</param>
    /// <returns>The chosen file.</returns>
    /// <exception cref="FileNotFoundException">A file named by <c>--config</c> or <c>PARA_CONFIG_FILE</c> does not exist.</exception>
    public static ParaConfigFile Locate(ParaConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (ParaCommandLine.ConfigPath(sources.Arguments) is { } fromArgs)
        {
            return Explicit(fromArgs, "--config", sources.WorkingDirectory);
        }

        if (sources.Environment(ParaConfigurationSources.ConfigFileVariable) is { Length: > 0 } fromEnv)
        {
            return Explicit(fromEnv, ParaConfigurationSources.ConfigFileVariable, sources.WorkingDirectory);
        }

        foreach (var candidate in new[] { ParaConfigurationSources.ParaCompatibleFile, ParaConfigurationSources.DefaultFile })
        {
            var full = System.IO.Path.GetFullPath(candidate, sources.WorkingDirectory);
            if (File.Exists(full))
            {
                return new(full, candidate);
            }
        }

        return new(null, "defaults only");
    }

    private static ParaConfigFile Explicit(string path, string chosenBy, string workingDirectory)
    {
        var full = System.IO.Path.GetFullPath(path, workingDirectory);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException(
                $"The config file '{path}' named by {chosenBy} does not exist (looked for {full}). Fix the path, or remove {chosenBy} to use {ParaConfigurationSources.DefaultFile}.",
                full);
        }

        return new(full, chosenBy);
    }
}
