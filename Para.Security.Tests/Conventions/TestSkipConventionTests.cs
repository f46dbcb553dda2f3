// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.RegularExpressions;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Conventions;

/// <summary>
/// Every skip of the test suite goes through <see cref="Requires"/>, so the CI rule (a missing prerequisite fails on
/// CI) cannot be forgotten in one place: no other file skips, assumes, or reads the CI variable itself.
/// </summary>
public sealed partial class TestSkipConventionTests
{
    [Test]
    public void TestSources_SkipOnlyThroughRequires()
    {
        // Arrange
        var root = RepoPaths.InRepo("Para.Security.Tests");
        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(root, f)))
            .Where(f => Path.GetFileName(f) is not (nameof(Requires) + ".cs") and not (nameof(TestSkipConventionTests) + ".cs"))
            .ToList();

        // Act
        var offenders = sources
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => SkipOrCiCheck().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(sources, Has.Count.GreaterThan(50), "the scan found the test sources");
            Assert.That(offenders, Is.Empty, "skip through Requires.That / Requires.Found instead");
        });
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    // Assert.Ignore / Assert.Inconclusive / Assume.That / Warn.If, the [Ignore] attribute, or a read of the CI variable.
    [GeneratedRegex(@"\bAssert\s*\.\s*(Ignore|Inconclusive)\s*\(|\bAssume\s*\.|\bWarn\s*\.|\[\s*Ignore\b|GetEnvironmentVariable\(\s*""CI""\s*\)")]
    private static partial Regex SkipOrCiCheck();
}
