// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration.Hocon;

namespace Para.Security.Configuration;

/// <summary>Where Para's configuration comes from: the command line, the environment and the current directory.</summary>
public sealed class ParaConfigurationSources
{
    /// <summary>The environment variable naming the config file (Para compatibility).</summary>
    public const string ConfigFileVariable = "PARA_CONFIG_FILE";

    /// <summary>The file Para reads from the working directory when no file is named.</summary>
    public const string ParaCompatibleFile = "para-application.conf";

    /// <summary>The shipped default config file, relative to the working directory.</summary>
    public const string DefaultFile = "conf/application.conf";

    /// <summary>Gets the command-line arguments: <c>--config &lt;path&gt;</c> and <c>--para.key=value</c> overrides are read.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets the environment lookup.</summary>
    /// <value>The default value reads the process environment.</value>
    public Func<string, string?> Environment { get; init; } = HoconParseOptions.ProcessEnvironment;

    /// <summary>Gets the directory relative paths are resolved against.</summary>
    /// <value>The default value is the process's current directory.</value>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();
}
