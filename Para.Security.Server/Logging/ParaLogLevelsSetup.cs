// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Options;

namespace Para.Security.Server.Logging;

/// <summary>Turns <c>para.logging.level</c> into logger filter rules (see <see cref="ParaLogLevels"/>).</summary>
/// <param name="configuration">The configuration, read again when it changes.</param>
internal sealed class ParaLogLevelsSetup(IConfiguration configuration) : IConfigureOptions<LoggerFilterOptions>
{
    private const string AspNetCoreLevels = "Logging:LogLevel";

    public void Configure(LoggerFilterOptions options)
    {
        var aspNetCore = configuration.GetSection(AspNetCoreLevels);
        foreach (var (key, level) in ParaLogLevels.Read(configuration))
        {
            var category = string.Equals(key, ParaLogLevels.DefaultKey, StringComparison.OrdinalIgnoreCase) ? null : key;

            // An edit that breaks a value keeps the other levels (startup refuses a bad value; a reload cannot).
            if (level is { } known && aspNetCore[category ?? "Default"] is null)
            {
                options.Rules.Add(new LoggerFilterRule(null, category, known, null));
            }
        }
    }
}
