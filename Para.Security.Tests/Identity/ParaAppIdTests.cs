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
    [TestCase("my-app2", "app:my-app2")]
    [TestCase("-a", "app:a")]
    [TestCase("a-", "app:a")]
    [TestCase("a--b", "app:a-b")]
    [TestCase("app:-x", "app:x")]
    [TestCase("app:a--b", "app:a-b")]
    public void Normalize_Example_GivesParaId(string input, string expected)
    {
        // Arrange / Act
        var id = ParaAppId.Normalize(input);

        // Assert
        Assert.That(id, Is.EqualTo(expected));
    }

    [Test]
    public void Normalize_NormalisedId_ReturnsTheSameString()
    {
        // Arrange
        var id = new string("app:my-app".AsSpan()); // not the interned literal

        // Act / Assert
        Assert.That(ParaAppId.Normalize(id), Is.SameAs(id));
    }

    [Test]
    public void Normalize_AnyText_GivesAnIdThatNormalisesToItself()
    {
        // Arrange: random text over the characters the rules treat differently
        var random = new Random(8);
        const string alphabet = "ab9-_: .AZé";

        for (var n = 0; n < 2000; n++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 10)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var input = random.Next(3) == 0 ? "app:" + text : text;

            // Act
            var id = ParaAppId.Normalize(input);

            // Assert
            if (id is not null)
            {
                Assert.That(id, Does.Match("^app:[a-z0-9]+(-[a-z0-9]+)*$"), input);
                Assert.That(ParaAppId.Normalize(id), Is.EqualTo(id), input);
            }
        }
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
