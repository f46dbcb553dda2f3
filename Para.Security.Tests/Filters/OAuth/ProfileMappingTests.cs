// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using Para.Security.Filters.OAuth;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>Profile mapping reads plain keys, dotted paths and JSON pointers (Para's generic <c>parameters.*</c>).</summary>
public sealed class ProfileMappingTests
{
    private const string Profile = """{"id":42,"user":{"name":"Ann"},"a/b":"slash","emails":[{"value":"x@example.com"},{"value":"y@example.com"}]}""";

    [TestCase("id", "42")]
    [TestCase("user.name", "Ann")]
    [TestCase("/user/name", "Ann")]
    [TestCase("/emails/1/value", "y@example.com")]
    [TestCase("/a~1b", "slash")]
    [TestCase("/emails/7/value", null)]
    [TestCase("/user", null)]
    public void Apply_Key_ReadsTheValue(string key, string? expected)
    {
        // Arrange
        var mapping = new ProfileMapping().Subject(key);
        using var profile = JsonDocument.Parse(Profile);

        // Act
        var identity = mapping.Apply(profile.RootElement);

        // Assert
        Assert.That(identity.Subject, Is.EqualTo(expected));
    }

    [Test]
    public void Apply_OverAnIdentity_ReplacesOnlyTheFieldsThisProfileHas()
    {
        // Arrange: the claims of an id_token first, then a profile without an email.
        var mapping = new ProfileMapping().Subject("sub").Email("email").Name("name");
        using var claims = JsonDocument.Parse("""{"sub":"s1","email":"c@example.com","name":"From Claims"}""");
        using var profile = JsonDocument.Parse("""{"sub":"s1","name":"From Profile"}""");

        // Act
        var identity = mapping.Apply(profile.RootElement, mapping.Apply(claims.RootElement));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(identity.Email, Is.EqualTo("c@example.com"));
            Assert.That(identity.Name, Is.EqualTo("From Profile"));
        });
    }
}
