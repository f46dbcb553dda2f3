// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Para.Security.Storage;

/// <summary>
/// One versioned schema migration: an embedded <c>NNNN_name.sql</c> script under <c>Storage/{Sqlite|PostgreSql}/Sql/</c>.
/// </summary>
/// <param name="Version">The version the script brings the schema to; versions start at 1 and have no gaps.</param>
/// <param name="Name">The script's name without its number, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The script text.</param>
internal sealed partial record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>Loads the migrations embedded under a folder, in version order.</summary>
    /// <param name="folder">The folder relative to the project, with dots: <c>Storage.Sqlite.Sql</c>.</param>
    /// <returns>The migrations.</returns>
    /// <exception cref="InvalidOperationException">The scripts are missing, misnamed or have a gap in their numbers.</exception>
    public static IReadOnlyList<SchemaMigration> Load(string folder)
    {
        var assembly = typeof(SchemaMigration).Assembly;
        var prefix = "Para.Security." + folder + ".";
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var match = ScriptName().Match(resource[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Embedded migration '{resource}' is not named NNNN_name.sql.");
            }

            migrations.Add(new SchemaMigration(
                int.Parse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations under {folder} must be numbered 1, 2, 3, … without gaps; found {migrations[i].Version} at position {i + 1}.");
            }
        }

        return migrations.Count > 0 ? migrations : throw new InvalidOperationException($"No migrations are embedded under {folder}.");
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' cannot be read.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>[0-9]{4})_(?<name>[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptName();
}
