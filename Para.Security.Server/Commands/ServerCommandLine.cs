// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration;

namespace Para.Security.Server.Commands;

/// <summary>
/// The server executable's commands: <c>config print [file]</c>, <c>apps create &lt;name&gt;</c>, and (with no command)
/// running the server.
/// </summary>
internal static class ServerCommandLine
{
    public const int Usage = 64;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var sources = new ParaConfigurationSources { Arguments = args };
        try
        {
            switch (args)
            {
                case ["config", "print", .. var rest]:
                    return FileOperand(rest) is { } file
                        ? ConfigPrintCommand.PrintFile(file, output, error)
                        : ConfigPrintCommand.PrintEffective(sources, output, error);
                case ["apps", "create", var name, ..]:
                    return await AppsCreateCommand.RunAsync(sources, name, output, error).ConfigureAwait(false);
                case ["config", ..] or ["apps", ..] or ["help" or "--help" or "-h", ..]:
                    await error.WriteLineAsync(UsageText).ConfigureAwait(false);
                    return args is ["help" or "--help" or "-h", ..] ? 0 : Usage;
                default:
                    await using (var app = ParaServerApp.Create(sources, output))
                    {
                        await app.RunAsync().ConfigureAwait(false);
                    }

                    return 0;
            }
        }
        catch (Exception ex) when (IsStartupError(ex))
        {
            // Bad configuration is the user's to fix: say what is wrong, not where in our code it was noticed.
            await error.WriteLineAsync("Para.Security.Server cannot start: " + Describe(ex)).ConfigureAwait(false);
            return ConfigPrintCommand.InvalidInput;
        }
    }

    private const string UsageText = """
        usage: Para.Security.Server [--config <file>] [--para.key=value ...]   run the server
               Para.Security.Server config print [<file>]                      print a file resolved, or the effective configuration
               Para.Security.Server apps create <name>                         create a child app and print its keys
        """;

    // The first argument that is neither a switch nor the value of --config / --para.key (space-separated form).
    private static string? FileOperand(string[] rest)
    {
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == "--config" || (rest[i].StartsWith("--para.", StringComparison.Ordinal) && !rest[i].Contains('=', StringComparison.Ordinal)))
            {
                i++;
            }
            else if (!rest[i].StartsWith("--", StringComparison.Ordinal))
            {
                return rest[i];
            }
        }

        return null;
    }

    private static bool IsStartupError(Exception ex) => ex is Configuration.Hocon.HoconException or FileNotFoundException or StartupConfigurationException
        or Microsoft.Extensions.Options.OptionsValidationException or InvalidDataException or ArgumentException
        || (ex is InvalidOperationException && ex.InnerException is Configuration.Hocon.HoconException);

    private static string Describe(Exception ex) => ex switch
    {
        Microsoft.Extensions.Options.OptionsValidationException validation => string.Join(Environment.NewLine + "  ", validation.Failures),
        InvalidOperationException { InnerException: { } inner } => inner.Message,
        _ => ex.Message,
    };
}
