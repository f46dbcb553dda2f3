// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Tests.Infrastructure;

/// <summary>The skip rule: a missing prerequisite skips the test outside CI and fails it on CI.</summary>
public sealed class RequiresTests
{
    [Test]
    public void That_Present_DoesNothingOnCiOrOff()
    {
        // Act, Assert
        Assert.Multiple(() =>
        {
            Assert.That(() => Requires.That(true, "initdb", onCi: false), Throws.Nothing);
            Assert.That(() => Requires.That(true, "initdb", onCi: true), Throws.Nothing);
        });
    }

    [Test]
    public void That_MissingOutsideCi_SkipsWithTheReason()
    {
        // Act
        var skip = Assert.Throws<IgnoreException>(() => Requires.That(false, "initdb not found", onCi: false));

        // Assert
        Assert.That(skip!.Message, Is.EqualTo("initdb not found"));
    }

    [Test]
    public void That_MissingOnCi_FailsWithTheReason()
    {
        // Act
        var failure = Assert.Throws<AssertionException>(() => Requires.That(false, "initdb not found", onCi: true));

        // Assert
        Assert.That(failure!.Message, Does.StartWith("initdb not found").And.Contain("CI is set"));
    }

    [Test]
    public void Found_Something_ReturnsIt()
    {
        // Act
        var found = Requires.Found("/usr/bin/chromium", "Chromium is not installed");

        // Assert
        Assert.That(found, Is.EqualTo("/usr/bin/chromium"));
    }
}
