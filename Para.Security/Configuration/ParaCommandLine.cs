// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration;

/// <summary>
/// Reads Para's command-line switches: <c>--config &lt;path&gt;</c> and key overrides written as HOCON paths,
/// <c>--para.port=9090</c> or <c>--para.port 9090</c>.
/// </summary>
public static class ParaCommandLine
{
    private const string ConfigSwitch = "--config";
    private const string KeyPrefix = "--" + ParaConfig.Root + ".";

    /// <summary>Returns the path given with <c>--config</c>, if any.</summary>
    /// <param name="arguments">The command-line arguments.</param>
    /// <returns>The path, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><c>--config</c> is the last argument, with no path after it.</exception>
    public static string? ConfigPath(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == ConfigSwitch)
            {
                return i + 1 < arguments.Count ? arguments[i + 1] : throw new ArgumentException("--config needs a path: --config conf/application.conf");
            }

            if (argument.StartsWith(ConfigSwitch + "=", StringComparison.Ordinal))
            {
                return argument[(ConfigSwitch.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>Returns the key overrides as configuration paths (<c>para:port</c>) and values.</summary>
    /// <param name="arguments">The command-line arguments.</param>
    /// <returns>The overrides, later ones winning.</returns>
    public static IReadOnlyDictionary<string, string?> Overrides(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith(KeyPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            string key;
            string? value;
            if (equals >= 0)
            {
                key = argument[2..equals];
                value = argument[(equals + 1)..];
            }
            else
            {
                key = argument[2..];
                value = i + 1 < arguments.Count ? arguments[++i] : throw new ArgumentException($"{argument} needs a value: {argument}=value");
            }

            overrides[key.Replace('.', ':')] = value;
        }

        return overrides;
    }
}
