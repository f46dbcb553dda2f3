// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Identity;

public sealed class ParaRootAppTests
{
    [Test]
    public void Id_Default_IsAppPara()
    {
        // Arrange
        using var host = ParaTestHost.Create();

        // Act
        var root = host.Get<ParaRootApp>();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(root.Id, Is.EqualTo("app:para"));
            Assert.That(root.Identifier, Is.EqualTo("para"));
            Assert.That(root.IsRoot("para"), Is.True);
            Assert.That(root.IsRoot("app:para"), Is.True);
            Assert.That(root.IsRoot("myapp"), Is.False);
            Assert.That(root.IsRoot((string?)null), Is.False);
        });
    }

    [Test]
    public void Id_AppNameConfigured_IsNormalisedName()
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:app_name", "My_Site"));

        // Act / Assert
        Assert.That(host.Get<ParaRootApp>().Id, Is.EqualTo("app:my-site"));
    }
}
