// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Options;

namespace Para.Security.Server.Logging;

/// <summary>
/// Log levels from <c>para.logging.level</c>: <c>default</c> for every category, and one key per category prefix,
/// quoted when it holds dots (<c>para.logging.level."Microsoft.AspNetCore" = Warning</c>). reference.conf ships ASP.NET
/// Core's template defaults: the application at Information, the framework at Warning. ASP.NET Core's own
/// <c>Logging:LogLevel</c> settings (appsettings.json, <c>Logging__LogLevel__…</c> variables) win for the categories they
/// name. The levels follow edits of the config file without a restart.
/// </summary>
internal static class ParaLogLevels
{
    /// <summary>The configuration section of the levels.</summary>
    public const string Section = "para:logging:level";

    /// <summary>The key of the level of every category no other key names.</summary>
    public const string DefaultKey = "default";

    private const string Levels = "Trace, Debug, Information, Warning, Error, Critical or None";

    /// <summary>Applies the levels to the host's logging, and fails startup on a value that is not a level.</summary>
    /// <param name="logging">The host's logging builder.</param>
    /// <param name="configuration">The configuration.</param>
    /// <exception cref="StartupConfigurationException">A value is not a log level.</exception>
    public static void AddParaLogLevels(this ILoggingBuilder logging, IConfiguration configuration)
    {
        foreach (var (key, value) in Read(configuration))
        {
            if (value is null)
            {
                throw new StartupConfigurationException(
                    $"para.logging.level.\"{key}\" = \"{configuration.GetSection(Section)[key]}\" is not a log level: use {Levels} (set it in conf/application.conf).");
            }
        }

        logging.Services.AddSingleton<IConfigureOptions<LoggerFilterOptions>>(new ParaLogLevelsSetup(configuration));
        logging.Services.AddSingleton<IOptionsChangeTokenSource<LoggerFilterOptions>>(new ConfigurationChangeTokenSource<LoggerFilterOptions>(configuration.GetSection(Section)));
    }

    /// <summary>Reads the levels: each key with its level, or <see langword="null"/> where the value is not a level.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The keys (<c>default</c> or a category) and their levels.</returns>
    public static IEnumerable<(string Key, LogLevel? Level)> Read(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren().Where(c => c.Value is not null).Select(c => (c.Key, Parse(c.Value!)));

    // .NET's names, and those of Para's own logging (logback: TRACE, DEBUG, INFO, WARN, ERROR, OFF).
    private static LogLevel? Parse(string value) => value.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFORMATION" or "INFO" => LogLevel.Information,
        "WARNING" or "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "CRITICAL" => LogLevel.Critical,
        "NONE" or "OFF" => LogLevel.None,
        _ => null,
    };
}
