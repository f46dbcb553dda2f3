// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Para.Security.Configuration;
using Para.Security.Configuration.Hocon;

namespace Para.Security.Server.Commands;

/// <summary>
/// <c>config print &lt;file&gt;</c>: one file's fully resolved tree as JSON (no reference.conf or environment layering;
/// <c>${?X}</c> still falls back to the environment as HOCON defines). <c>config print</c>: the effective merged
/// configuration with secrets masked.
/// </summary>
internal static partial class ConfigPrintCommand
{
    public const int InvalidInput = 2;
    private const string Mask = "********";

    public static int PrintFile(string path, TextWriter output, TextWriter error)
    {
        try
        {
            var root = HoconParser.ParseFile(path, new HoconParseOptions { EnvironmentLookup = HoconParseOptions.ProcessEnvironment });
            output.WriteLine(root.ToJson(indented: true));
            return 0;
        }
        catch (HoconException ex)
        {
            error.WriteLine(ex.Message);
            return InvalidInput;
        }
        catch (IOException ex)
        {
            error.WriteLine($"{path}: {ex.Message}");
            return InvalidInput;
        }
        catch (UnauthorizedAccessException ex)
        {
            error.WriteLine($"{path}: {ex.Message}");
            return InvalidInput;
        }
    }

    public static int PrintEffective(ParaConfigurationSources sources, TextWriter output, TextWriter error)
    {
        try
        {
            var configuration = new ConfigurationBuilder().AddParaConfiguration(sources, out var file).Build();
            error.WriteLine($"# config file: {file.Path ?? "(none)"} (chosen by {file.ChosenBy}); secrets masked");
            var tree = new JsonObject { [ParaConfig.Root] = Render(configuration.GetSection(ParaConfig.Root)) };
            output.WriteLine(tree.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        catch (Exception ex) when (ex is HoconException or FileNotFoundException or InvalidDataException or ArgumentException)
        {
            error.WriteLine(ex.Message);
            return InvalidInput;
        }
    }

    /// <summary>Renders a configuration section as JSON; children keyed 0..n-1 become an array.</summary>
    internal static JsonNode? Render(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value is null ? null : JsonValue.Create(IsSecret(section.Key) && section.Value.Length > 0 ? Mask : section.Value);
        }

        var isArray = children.Select(c => c.Key).Order(StringComparer.Ordinal).SequenceEqual(
            Enumerable.Range(0, children.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
        if (isArray)
        {
            var array = new JsonArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)))
            {
                array.Add(Render(child));
            }

            return array;
        }

        var obj = new JsonObject();
        foreach (var child in children.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            obj[child.Key] = Render(child);
        }

        return obj;
    }

    internal static bool IsSecret(string key) => SecretKey().IsMatch(key);

    [GeneratedRegex("(secret|password|passwd|connection_string|token|private_key)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();
}
