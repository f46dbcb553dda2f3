// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Benchmarks.Servers;

/// <summary>The <c>--name value</c> switches of the serve modes, and the settings every bench server shares.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public BenchArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Count)
            {
                _values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Expected '--name value', got '{args[i]}'.");
            }
        }
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public int Port => int.Parse(Required("port"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Creates a slim builder listening on 127.0.0.1 only, without the Server header, like Para.Security.Server.</summary>
    public static WebApplicationBuilder CreateBuilder(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }
}
