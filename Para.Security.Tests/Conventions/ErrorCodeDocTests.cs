// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Diagnostics;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Conventions;

/// <summary>docs/errors.md explains every stable error code (style guide rule 18).</summary>
public sealed class ErrorCodeDocTests
{
    [Test]
    public void ErrorsDoc_HasARowForEveryCode()
    {
        // Arrange
        var doc = File.ReadAllText(RepoPaths.InRepo("docs", "errors.md"));
        var codes = typeof(ParaSecurityErrors).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        // Act
        var missing = codes.Where(c => !doc.Contains("| " + c + " |", StringComparison.Ordinal));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(codes, Has.Count.GreaterThan(30));
            Assert.That(codes, Is.Unique);
            Assert.That(missing, Is.Empty, "docs/errors.md has no row for these codes");
        });
    }
}
