// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Tests.Identity;

public sealed class ParaAppIdTests
{
    [TestCase("My_App", "app:my-app")]
    [TestCase("app:para", "app:para")]
    [TestCase("para", "app:para")]
    [TestCase("app:app:x", "app:x")]
    [TestCase("  Hello   World  ", "app:hello-world")]
    [TestCase("Héllo Wörld", "app:hllo-wrld")]
    [TestCase("a.b/c", "app:a-b-c")]
    [TestCase("APP:MyApp", "app:app-myapp")]
    public void Normalize_Example_GivesParaId(string input, string expected)
    {
        // Arrange / Act
        var id = ParaAppId.Normalize(input);

        // Assert
        Assert.That(id, Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("!!!")]
    [TestCase("app:")]
    [TestCase("ééé")]
    public void Normalize_NothingUsable_GivesNull(string? input)
    {
        // Act
        var id = ParaAppId.Normalize(input);

        // Assert
        Assert.That(id, Is.Null);
    }

    [TestCase("app:myapp", "myapp")]
    [TestCase("myapp", "myapp")]
    public void Identifier_Id_StripsFirstPrefix(string id, string expected)
    {
        // Act
        var identifier = ParaAppId.Identifier(id);

        // Assert
        Assert.That(identifier, Is.EqualTo(expected));
    }
}
