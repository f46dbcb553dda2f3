// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds Para's configuration layers to an <see cref="IConfigurationBuilder"/>.</summary>
public static class ParaConfigurationBuilderExtensions
{
    /// <summary>The name of the embedded copy of <c>conf/reference.conf</c>.</summary>
    public const string ReferenceResourceName = "Para.Security.reference.conf";

    /// <summary>
    /// Adds Para's layers, lowest first: the embedded <c>reference.conf</c>, the config file (see
    /// <see cref="ParaConfigFile.Locate"/>; reloaded on change), <c>PARA_*</c> environment variables, and
    /// <c>--para.key=value</c> command-line overrides.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="sources">The command line, environment and working directory.</param>
    /// <param name="file">The config file that was chosen.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="FileNotFoundException">An explicitly named config file does not exist.</exception>
    public static IConfigurationBuilder AddParaConfiguration(this IConfigurationBuilder builder, ParaConfigurationSources sources, out ParaConfigFile file)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sources);
        file = ParaConfigFile.Locate(sources);
        builder.AddHoconString(ReadReference(), "reference.conf");
        if (file.Path is { } path)
        {
            builder.AddHoconFile(source =>
            {
                source.Path = Path.GetFileName(path);
                // Polling (every 4 s) watches this one file; an event watcher would watch the whole folder tree, and
                // with ./para-application.conf that includes data/, so every SQLite write would cost the server CPU.
                source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(path)!)
                {
                    UsePollingFileWatcher = true,
                    UseActivePolling = true,
                };
                source.Optional = false;
                source.ReloadOnChange = true;
                source.EnvironmentLookup = sources.Environment; // ${?VAR} in the file sees the same environment as PARA_*
            });
        }

        builder.Add(new ParaEnvironmentConfigurationSource { Lookup = sources.Environment });
        builder.AddInMemoryCollection(ParaCommandLine.Overrides(sources.Arguments));
        return builder;
    }

    /// <summary>Reads the embedded <c>reference.conf</c>: every key the product reads, with its default.</summary>
    /// <returns>The HOCON text.</returns>
    public static string ReadReference()
    {
        using var stream = typeof(ParaConfig).Assembly.GetManifestResourceStream(ReferenceResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ReferenceResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
