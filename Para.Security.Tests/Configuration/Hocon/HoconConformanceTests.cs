// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Para.Security.Configuration.Hocon;

namespace Para.Security.Tests.Configuration.Hocon;

/// <summary>
/// Runs the HOCON conformance corpus (lightbend's results) found next to the repository at
/// ../shared/hocon-conformance, or at $HOCON_CONFORMANCE_DIR. One test per case, read at test time.
/// </summary>
[TestFixture]
public sealed partial class HoconConformanceTests
{
    private const string MissingCase = "(corpus missing)";

    public static IEnumerable<TestCaseData> Cases()
    {
        var dir = LocateCorpus(out var looked);
        if (dir is null)
        {
            yield return new TestCaseData(MissingCase, looked).SetName("Corpus_IsPresent");
            yield break;
        }

        foreach (var kind in new[] { "valid", "invalid" })
        {
            var kindDir = Path.Combine(dir, kind);
            if (!Directory.Exists(kindDir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(kindDir, "*.conf").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (name.StartsWith('_'))
                {
                    continue;
                }

                yield return new TestCaseData(kind, file).SetName($"{kind}/{name}");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ParseFile_CorpusCase_MatchesReferenceImplementation(string kind, string path)
    {
        // Arrange
        if (kind == MissingCase)
        {
            var reason = $"HOCON conformance corpus not found at {path}: clone next to ../shared to run it";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        var options = new HoconParseOptions { EnvironmentLookup = EnvironmentWithout(File.ReadAllText(path)) };

        if (kind == "invalid")
        {
            // Act + Assert
            Assert.That(() => HoconParser.ParseFile(path, options), Throws.TypeOf<HoconException>());
            return;
        }

        // Act
        var actual = HoconParser.ParseFile(path, options).ToJson();

        // Assert
        using var expectedDoc = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(path, ".json")));
        using var actualDoc = JsonDocument.Parse(actual);
        var difference = JsonDifference(expectedDoc.RootElement, actualDoc.RootElement, "$");
        Assert.That(difference, Is.Null, () => $"output: {actual}");
    }

    /// <summary>Like check.py: names referenced by the case's substitutions are absent; others come from the real environment.</summary>
    private static Func<string, string?> EnvironmentWithout(string confText)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in SubstitutionPattern().Matches(confText))
        {
            referenced.Add(m.Groups[1].Value.Trim().Replace("\"", string.Empty, StringComparison.Ordinal));
        }

        return name => referenced.Contains(name) ? null : Environment.GetEnvironmentVariable(name);
    }

    [GeneratedRegex(@"\$\{\??([^}]*)\}")]
    private static partial Regex SubstitutionPattern();

    private static string? LocateCorpus(out string looked)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("HOCON_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            looked = Path.GetFullPath(fromEnvironment);
            return Directory.Exists(looked) ? looked : null;
        }

        string start;
        try
        {
            start = TestContext.CurrentContext.TestDirectory;
        }
        catch (InvalidOperationException)
        {
            start = AppContext.BaseDirectory;
        }

        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Para.Security.sln")))
        {
            dir = dir.Parent;
        }

        looked = dir is null
            ? $"../shared/hocon-conformance (no Para.Security.sln above {start})"
            : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "hocon-conformance"));
        return dir is not null && Directory.Exists(looked) ? looked : null;
    }

    /// <summary>check.py's comparison: key order ignored, arrays ordered, numbers numerically, no duplicate keys.</summary>
    private static string? JsonDifference(JsonElement expected, JsonElement actual, string at)
    {
        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            var e = expected.GetRawText();
            var a = actual.GetRawText();
            bool IsInt(string s) => s.IndexOfAny(['.', 'e', 'E']) < 0;
            var equal = IsInt(e) && IsInt(a)
                ? BigInteger.Parse(e, CultureInfo.InvariantCulture) == BigInteger.Parse(a, CultureInfo.InvariantCulture)
                : double.Parse(e, CultureInfo.InvariantCulture) == double.Parse(a, CultureInfo.InvariantCulture);
            return equal ? null : $"{at}: expected {e}, got {a}";
        }

        var kindsMatch = expected.ValueKind == actual.ValueKind
            || (expected.ValueKind is JsonValueKind.True or JsonValueKind.False && actual.ValueKind is JsonValueKind.True or JsonValueKind.False);
        if (!kindsMatch)
        {
            return $"{at}: expected {expected.ValueKind} {expected.GetRawText()}, got {actual.ValueKind} {actual.GetRawText()}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var actualProperties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in actual.EnumerateObject())
                {
                    if (!actualProperties.TryAdd(property.Name, property.Value))
                    {
                        return $"{at}: duplicate key '{property.Name}'";
                    }
                }

                var expectedCount = 0;
                foreach (var property in expected.EnumerateObject())
                {
                    expectedCount++;
                    if (!actualProperties.TryGetValue(property.Name, out var value))
                    {
                        return $"{at}: missing key '{property.Name}'";
                    }

                    if (JsonDifference(property.Value, value, $"{at}.{property.Name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return expectedCount == actualProperties.Count ? null : $"{at}: unexpected extra keys";
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{at}: expected {expected.GetArrayLength()} elements, got {actual.GetArrayLength()}";
                }

                var index = 0;
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    if (JsonDifference(e, a, $"{at}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{at}: expected \"{expected.GetString()}\", got \"{actual.GetString()}\"";
            default:
                return expected.ValueKind == actual.ValueKind ? null : $"{at}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
        }
    }
}
