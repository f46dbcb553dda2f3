// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Pipeline;
using Para.Security.Providers;

namespace Para.Security.Tests.Providers;

/// <summary>The provider registry: orders, clashes, malformed descriptors, and which paths belong to a provider.</summary>
public sealed class AuthProviderRegistryTests
{
    [Test]
    public void Add_ProvidersWithoutAnOrder_RunAfterParasInRegistrationOrder()
    {
        // Arrange
        var registry = new AuthProviderRegistry();

        // Act
        var first = registry.Add(Descriptor("one"), typeof(TinyAuthFilter), null);
        var para = registry.Add(Descriptor("para14") with { Order = 14_000 }, typeof(TinyAuthFilter), null);
        var second = registry.Add(Descriptor("two"), typeof(TinyAuthFilter), null);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(first.Order, Is.EqualTo(AuthFilterOrder.OtherProviders));
            Assert.That(para.Order, Is.EqualTo(14_000));
            Assert.That(second.Order, Is.EqualTo(AuthFilterOrder.OtherProviders + AuthProviderRegistry.OrderStep));
            Assert.That(registry.Providers.Select(p => p.Name), Is.EqualTo(new[] { "one", "para14", "two" }));
        });
    }

    [Test]
    public void Add_SameNameTwice_Throws()
    {
        // Arrange
        var registry = new AuthProviderRegistry();
        registry.Add(Descriptor("one"), typeof(TinyAuthFilter), null);

        // Act, Assert
        Assert.That(() => registry.Add(Descriptor("one") with { CallbackPath = "/other_auth" }, typeof(TinyAuthFilter), null),
            Throws.InvalidOperationException.With.Message.Contains("registered twice"));
    }

    [Test]
    public void Add_PathOfAnotherProvider_Throws()
    {
        // Arrange
        var registry = new AuthProviderRegistry();
        registry.Add(Descriptor("one"), typeof(TinyAuthFilter), null);

        // Act, Assert
        Assert.That(() => registry.Add(Descriptor("two") with { CallbackPath = "/one_auth" }, typeof(TinyAuthFilter), null),
            Throws.InvalidOperationException.With.Message.Contains("/one_auth belongs to another provider"));
    }

    [Test]
    public void Add_AfterTheRegistryWasRead_Throws()
    {
        // Arrange
        var registry = new AuthProviderRegistry();
        _ = registry.Providers;

        // Act, Assert
        Assert.That(() => registry.Add(Descriptor("late"), typeof(TinyAuthFilter), null), Throws.InvalidOperationException.With.Message.Contains("after the provider registry was read"));
    }

    [TestCase("Amazon", "/a_auth", "#fff")]
    [TestCase("a b", "/a_auth", "#fff")]
    [TestCase("ok", "no-slash", "#fff")]
    [TestCase("ok", "/a_auth", "red;}body{display:none")]
    [TestCase("ok", "/a_auth", "#12345")]
    public void Add_MalformedDescriptor_ThrowsNamingTheProblem(string name, string path, string colour)
    {
        // Arrange
        var descriptor = Descriptor(name) with { CallbackPath = path, Button = new AuthProviderButton("Go", colour, "#000", "#000", "#000") };

        // Act, Assert
        Assert.That(() => new AuthProviderRegistry().Add(descriptor, typeof(TinyAuthFilter), null), Throws.ArgumentException);
    }

    [TestCase("/one_auth", true)]
    [TestCase("/one_auth/start", true)]
    [TestCase("/one_auth/start/x", true)]
    [TestCase("/one/extra", true)]
    [TestCase("/one_authx", false)]
    [TestCase("/One_auth", false)]
    [TestCase("/two_auth", false)]
    [TestCase("/", false)]
    public void IsProviderPath_MatchesAProvidersPathsAndBelow(string path, bool expected)
    {
        // Arrange
        var registry = new AuthProviderRegistry();
        registry.Add(Descriptor("one") with { StartPath = "/one_auth/start", ExtraPaths = ["/one/extra"] }, typeof(TinyAuthFilter), null);

        // Act, Assert
        Assert.That(registry.IsProviderPath(path), Is.EqualTo(expected));
    }

    [Test]
    public void EffectiveButton_NoneGiven_IsNeutralAndNamesTheProvider() =>
        Assert.That(Descriptor("one").EffectiveButton.Label, Is.EqualTo("Sign in with One"));

    private static AuthProviderDescriptor Descriptor(string name) => new()
    {
        Name = name,
        CallbackPath = "/" + name + "_auth",
        DisplayName = "One",
        IdentifierPrefix = name + ":",
    };
}
