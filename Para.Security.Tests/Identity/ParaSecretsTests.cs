// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Tests.Identity;

public sealed class ParaSecretsTests
{
    [Test]
    public void NewAppSecret_Always_40RandomBytesAs56Base64Chars()
    {
        // Act
        var a = ParaSecrets.NewAppSecret();
        var b = ParaSecrets.NewAppSecret();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(a, Has.Length.EqualTo(56));
            Assert.That(Convert.FromBase64String(a), Has.Length.EqualTo(40));
            Assert.That(a, Is.Not.EqualTo(b));
        });
    }

    [Test]
    public void NewTokenSecret_Always_32RandomBytesAs44Base64Chars()
    {
        // Act
        var a = ParaSecrets.NewTokenSecret();
        var b = ParaSecrets.NewTokenSecret();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(a, Has.Length.EqualTo(44));
            Assert.That(Convert.FromBase64String(a), Has.Length.EqualTo(32));
            Assert.That(a, Is.Not.EqualTo(b));
        });
    }
}
