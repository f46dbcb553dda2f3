// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration.Hocon;

namespace Para.Security.Tests.Configuration.Hocon;

[TestFixture]
public sealed class HoconIncludeTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "hocon-include-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Json(string path) => HoconParser.ParseFile(path, new HoconParseOptions()).ToJson(indented: false);

    [Test]
    public void ParseFile_NestedIncludes_AreRelativeToTheIncludingFile()
    {
        // Arrange
        var app = Write("app.conf", "include \"sub/child.conf\"\nlocal = here\n");
        Write("sub/child.conf", "child = 1\ninclude file(\"grand.conf\")\n");
        Write("sub/grand.conf", "grand = 2\n");
        Write("grand.conf", "grand = wrong\n");

        // Act
        var json = Json(app);

        // Assert
        Assert.That(json, Is.EqualTo("{\"child\":1,\"grand\":2,\"local\":\"here\"}"));
    }

    [Test]
    public void ParseFile_IncludeWithoutExtension_MergesConfOverJson()
    {
        // Arrange
        var app = Write("app.conf", "x { include \"defaults\" }\n");
        Write("defaults.conf", "a = conf\n");
        Write("defaults.json", "{ \"a\" : \"json\", \"b\" : [1, 2] }");

        // Act
        var json = Json(app);

        // Assert
        Assert.That(json, Is.EqualTo("{\"x\":{\"a\":\"conf\",\"b\":[1,2]}}"));
    }

    [Test]
    public void ParseFile_SubstitutionInIncludedFile_ResolvesRelativeToIncludePointThenRoot()
    {
        // Arrange
        var app = Write("app.conf", "name = root\nsvc { include \"svc.conf\" }\n");
        Write("svc.conf", "port = 80\nurl = \"http://\"${name}\":\"${port}\n");

        // Act
        var json = Json(app);

        // Assert
        Assert.That(json, Is.EqualTo("{\"name\":\"root\",\"svc\":{\"port\":80,\"url\":\"http://root:80\"}}"));
    }

    [Test]
    public void ParseFile_MissingPlainInclude_IsIgnored()
    {
        // Arrange
        var app = Write("app.conf", "include \"nope.conf\"\na = 1\n");

        // Act
        var json = Json(app);

        // Assert
        Assert.That(json, Is.EqualTo("{\"a\":1}"));
    }

    [TestCase("include required(\"nope.conf\")")]
    [TestCase("include required(file(\"nope\"))")]
    public void ParseFile_MissingRequiredInclude_Throws(string statement)
    {
        // Arrange
        var app = Write("app.conf", "a = 1\n" + statement + "\n");

        // Act + Assert
        Assert.That(
            () => Json(app),
            Throws.TypeOf<HoconException>().With.Message.StartsWith("app.conf:2:1: required include").Or.Message.Contains("app.conf:2:1: required include"));
    }

    [Test]
    public void ParseFile_IncludeCycle_IsDetected()
    {
        // Arrange
        var app = Write("a.conf", "include \"b.conf\"\n");
        Write("b.conf", "include \"a.conf\"\n");

        // Act + Assert
        Assert.That(() => Json(app), Throws.TypeOf<HoconException>().With.Message.Contains("include cycle: a.conf -> b.conf -> a.conf"));
    }

    [Test]
    public void ParseFile_JsonInclude_IsParsedAsStrictJson()
    {
        // Arrange
        var app = Write("app.conf", "include \"data.json\"\n");
        Write("data.json", "{ \"a\" : 1 // comments are not JSON\n }");

        // Act + Assert
        Assert.That(() => Json(app), Throws.TypeOf<HoconException>().With.Message.Contains("data.json:1:"));
    }

    [Test]
    public void ParseFile_PropertiesInclude_IsRejectedClearly()
    {
        // Arrange
        var app = Write("app.conf", "include \"legacy.properties\"\n");
        Write("legacy.properties", "a=1\n");

        // Act + Assert
        Assert.That(() => Json(app), Throws.TypeOf<HoconException>().With.Message.Contains(".properties files is not supported"));
    }

    [Test]
    public void ParseString_Include_IsRelativeToBaseDirectory()
    {
        // Arrange
        Write("base.conf", "a = 1\n");

        // Act
        var json = HoconParser.ParseString("include \"base.conf\"\nb = ${a}", "inline", new HoconParseOptions { BaseDirectory = _dir }).ToJson(indented: false);

        // Assert
        Assert.That(json, Is.EqualTo("{\"a\":1,\"b\":1}"));
    }

    [Test]
    public void ParseFile_MissingFile_ThrowsHoconException()
    {
        // Act + Assert
        Assert.That(() => Json(Path.Combine(_dir, "absent.conf")), Throws.TypeOf<HoconException>().With.Message.Contains("not found"));
    }
}
