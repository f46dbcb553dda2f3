// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Para.Security.Configuration.Hocon;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Configuration.Hocon;

/// <summary>
/// Runs the HOCON conformance corpus (lightbend's results) found next to the repository at
/// ../shared/hocon-conformance, or at $HOCON_CONFORMANCE_DIR. One test per case, read at test time.
/// </summary>
[TestFixture]
public sealed partial class HoconConformanceTests
{
    private const string MissingCase = "(corpus missing)";

    // The corpus's README counts 362 valid and 126 invalid cases; the floors leave room for a few to be dropped, not
    // for a corpus that a wrong path, a renamed folder or a changed extension has silently emptied.
    private const int MinimumValidCases = 340;
    private const int MinimumInvalidCases = 115;

    private static readonly string[] Kinds = ["valid", "invalid"];

    public static IEnumerable<TestCaseData> Cases()
    {
        var dir = CorpusDirectory();
        if (!Directory.Exists(dir))
        {
            yield return new TestCaseData(MissingCase, dir).SetName("Corpus_IsPresent");
            yield break;
        }

        foreach (var kind in Kinds)
        {
            foreach (var file in CaseFiles(dir, kind))
            {
                yield return new TestCaseData(kind, file).SetName($"{kind}/{Path.GetFileNameWithoutExtension(file)}");
            }
        }
    }

    [Test]
    public void Corpus_HasAtLeastTheKnownNumberOfCases()
    {
        // Arrange
        var dir = CorpusDirectory();
        Requires.That(Directory.Exists(dir), MissingReason(dir));

        // Act
        var valid = CaseFiles(dir, "valid").Count();
        var invalid = CaseFiles(dir, "invalid").Count();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.GreaterThanOrEqualTo(MinimumValidCases), $"valid cases under {dir}");
            Assert.That(invalid, Is.GreaterThanOrEqualTo(MinimumInvalidCases), $"invalid cases under {dir}");
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void ParseFile_CorpusCase_MatchesReferenceImplementation(string kind, string path)
    {
        // Arrange
        Requires.That(kind != MissingCase, MissingReason(path));
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

    private static string CorpusDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("HOCON_CONFORMANCE_DIR");
        return string.IsNullOrEmpty(fromEnvironment) ? RepoPaths.Shared("hocon-conformance") : Path.GetFullPath(fromEnvironment);
    }

    private static string MissingReason(string dir) =>
        $"HOCON conformance corpus not found at {dir}: put it at ../shared/hocon-conformance or set HOCON_CONFORMANCE_DIR";

    // The cases of one kind; files starting with '_' are included by other cases, not cases of their own.
    private static IEnumerable<string> CaseFiles(string dir, string kind)
    {
        var kindDir = Path.Combine(dir, kind);
        return Directory.Exists(kindDir)
            ? Directory.EnumerateFiles(kindDir, "*.conf").Where(f => !Path.GetFileName(f).StartsWith('_')).Order(StringComparer.Ordinal)
            : [];
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
