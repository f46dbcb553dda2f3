// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Para.Security.Configuration.Hocon;

namespace Para.Security.Tests.Configuration.Hocon;

[TestFixture]
public sealed class HoconConfigurationProviderTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "hocon-provider-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void AddHoconString_NestedValues_AreFlattenedToColonKeys()
    {
        // Act
        var configuration = new ConfigurationBuilder()
            .AddHoconString("a.b.c = 1\nlist = [x, y]\nflag = true\nn = null\nname = ${a.b.c}\"!\"")
            .Build();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(configuration["a:b:c"], Is.EqualTo("1"));
            Assert.That(configuration["list:0"], Is.EqualTo("x"));
            Assert.That(configuration["list:1"], Is.EqualTo("y"));
            Assert.That(configuration["flag"], Is.EqualTo("true"));
            Assert.That(configuration["n"], Is.Null);
            Assert.That(configuration["name"], Is.EqualTo("1!"));
        });
    }

    [Test]
    public void AddHoconString_EnvironmentFallback_IsOnByDefault()
    {
        // Arrange: PATH exists on every test machine.
        var expected = Environment.GetEnvironmentVariable("PATH");

        // Act
        var configuration = new ConfigurationBuilder().AddHoconString("p = ${?PATH}").Build();

        // Assert
        Assert.That(configuration["p"], Is.EqualTo(expected));
    }

    [Test]
    public void AddHoconFile_IncludeNextToFile_IsRelativeToThatFile()
    {
        // Arrange
        File.WriteAllText(Path.Combine(_dir, "app.conf"), "include \"common.conf\"\nport = ${base-port}\n");
        File.WriteAllText(Path.Combine(_dir, "common.conf"), "base-port = 9000\n");

        // Act
        var configuration = new ConfigurationBuilder().AddHoconFile(Path.Combine(_dir, "app.conf")).Build();

        // Assert
        Assert.That(configuration["port"], Is.EqualTo("9000"));
    }

    [Test]
    public void Build_BrokenFileOnFirstLoad_ThrowsWithFileLineAndColumn()
    {
        // Arrange
        File.WriteAllText(Path.Combine(_dir, "broken.conf"), "a = 1\nb = [1, 2\n");

        // Act + Assert
        Assert.That(
            () => new ConfigurationBuilder().AddHoconFile(Path.Combine(_dir, "broken.conf")).Build(),
            Throws.TypeOf<HoconException>().With.Message.StartsWith("broken.conf:3:1: "));
    }

    [Test]
    public void Reload_BrokenFile_KeepsLastGoodValuesAndReportsError()
    {
        // Arrange
        var path = Path.Combine(_dir, "app.conf");
        File.WriteAllText(path, "a = 1\nb = two\n");
        var errors = new List<HoconException>();
        var configuration = new ConfigurationBuilder()
            .AddHoconFile(s =>
            {
                s.FileProvider = new PhysicalFileProvider(_dir);
                s.Path = "app.conf";
                s.ReloadOnChange = true;
                s.OnReloadError = errors.Add;
            })
            .Build();
        File.WriteAllText(path, "a = 2\nb = ${undefined.thing}\n");

        // Act
        configuration.Reload();

        // Assert
        var provider = configuration.Providers.OfType<HoconConfigurationProvider>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(configuration["a"], Is.EqualTo("1"));
            Assert.That(configuration["b"], Is.EqualTo("two"));
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0].Message, Does.StartWith("app.conf:2:5: could not resolve substitution ${undefined.thing}"));
            Assert.That(provider.LastError, Is.SameAs(errors[0]));
        });
    }

    [Test]
    public void Reload_FixedFile_PicksUpNewValues()
    {
        // Arrange
        var path = Path.Combine(_dir, "app.conf");
        File.WriteAllText(path, "a = 1\n");
        var configuration = new ConfigurationBuilder()
            .AddHoconFile(s =>
            {
                s.FileProvider = new PhysicalFileProvider(_dir);
                s.Path = "app.conf";
            })
            .Build();
        File.WriteAllText(path, "a = {");
        configuration.Reload();
        File.WriteAllText(path, "a = 3\n");

        // Act
        configuration.Reload();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(configuration["a"], Is.EqualTo("3"));
            Assert.That(configuration.Providers.OfType<HoconConfigurationProvider>().Single().LastError, Is.Null);
        });
    }

    [Test]
    public void AddHoconFile_MissingOptionalFile_GivesNoValues()
    {
        // Act
        var configuration = new ConfigurationBuilder().AddHoconFile(Path.Combine(_dir, "absent.conf"), optional: true).Build();

        // Assert
        Assert.That(configuration.AsEnumerable(), Is.Empty);
    }

    [Test]
    public void AddHoconFile_EnvironmentLookupOnSource_IsUsed()
    {
        // Arrange
        File.WriteAllText(Path.Combine(_dir, "app.conf"), "port = 80\nport = ${?APP_PORT}\n");

        // Act
        var configuration = new ConfigurationBuilder()
            .AddHoconFile(s =>
            {
                s.FileProvider = new PhysicalFileProvider(_dir);
                s.Path = "app.conf";
                s.EnvironmentLookup = name => name == "APP_PORT" ? "8443" : null;
            })
            .Build();

        // Assert
        Assert.That(configuration["port"], Is.EqualTo("8443"));
    }
}
