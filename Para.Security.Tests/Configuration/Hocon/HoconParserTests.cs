// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration.Hocon;

namespace Para.Security.Tests.Configuration.Hocon;

[TestFixture]
public sealed class HoconParserTests
{
    private static readonly HoconParseOptions NoEnvironment = new();

    private static HoconObject Parse(string text, HoconParseOptions? options = null) =>
        HoconParser.ParseString(text, "test.conf", options ?? NoEnvironment);

    private static HoconException ParseError(string text, HoconParseOptions? options = null)
    {
        HoconException? caught = null;
        try
        {
            Parse(text, options);
        }
        catch (HoconException ex)
        {
            caught = ex;
        }

        Assert.That(caught, Is.Not.Null, "expected a HoconException");
        return caught!;
    }

    [Test]
    public void ParseString_CloseBracketWhereKeyExpected_ReportsFileLineAndColumn()
    {
        // Arrange
        const string text = "{\n  a = 1\n    ]\n}\n";

        // Act
        var error = ParseError(text);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Is.EqualTo("test.conf:3:5: expected '}' or a key, found ']'"));
            Assert.That(error.OriginName, Is.EqualTo("test.conf"));
            Assert.That(error.Line, Is.EqualTo(3));
            Assert.That(error.Column, Is.EqualTo(5));
        });
    }

    [TestCase("a = \"abc", 1, 5, "quoted string")]
    [TestCase("a {\n  b = 1\n", 3, 1, "expected '}' or a key, found end of input")]
    [TestCase("a = [1, 2\nb = 3", 2, 3, "expected ',', a newline or ']'")]
    [TestCase("a : b : c", 1, 7, "after a field")]
    [TestCase("a = x&y", 1, 6, "reserved character '&'")]
    [TestCase("a = \"\\q\"", 1, 6, "invalid escape")]
    [TestCase("foo\n", 2, 1, "expected ':', '=', '+=' or '{' after key 'foo'")]
    public void ParseString_SyntaxError_NamesPositionAndExpectation(string text, int line, int column, string fragment)
    {
        // Act
        var error = ParseError(text);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.StartWith($"test.conf:{line}:{column}: "));
            Assert.That(error.Message, Does.Contain(fragment));
        });
    }

    [Test]
    public void ParseString_UndefinedSubstitution_NamesTheSubstitution()
    {
        // Act
        var error = ParseError("a = 1\nb = ${nope.here}\n");

        // Assert
        Assert.That(error.Message, Does.StartWith("test.conf:2:5: could not resolve substitution ${nope.here}"));
    }

    [Test]
    public void ParseString_SubstitutionCycle_NamesTheCycle()
    {
        // Act
        var error = ParseError("a = ${b}\nb = ${c}\nc = ${a}\n");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("cycle"));
            Assert.That(error.Message, Does.Contain("${a}").And.Contain("${b}").And.Contain("${c}"));
            Assert.That(error.Line, Is.GreaterThan(0));
        });
    }

    [Test]
    public void ParseString_PlusEqualsOntoNumber_ReportsLocation()
    {
        // Act
        var error = ParseError("a = 10\na += 2\n");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.StartWith("test.conf:"));
            Assert.That(error.Message, Does.Contain("cannot concatenate"));
        });
    }

    [Test]
    public void ParseString_SelfReferentialArrayAndString_AppendToPreviousValue()
    {
        // Act
        var root = Parse("path = [ /bin ]\npath = ${path} [ /usr/bin ]\ns = \"a:b\"\ns = ${s}\":c\"\nopt = ${?opt}foo\n");

        // Assert
        Assert.That(root.ToJson(indented: false), Is.EqualTo("{\"path\":[\"/bin\",\"/usr/bin\"],\"s\":\"a:b:c\",\"opt\":\"foo\"}"));
    }

    [Test]
    public void ParseString_DelayedMergeThroughSubstitution_MergesObjects()
    {
        // Act
        var root = Parse("defaults { a = 1, b { c = 2 } }\nitem = ${defaults}\nitem.b.d = 3\nitem.a = ${item.b.c}\n");

        // Assert
        Assert.That(root.ToJson(indented: false), Is.EqualTo("{\"defaults\":{\"a\":1,\"b\":{\"c\":2}},\"item\":{\"a\":2,\"b\":{\"c\":2,\"d\":3}}}"));
    }

    [Test]
    public void ParseString_EnvironmentFallback_UsesInjectedLookupOnlyForUndefinedPaths()
    {
        // Arrange
        var environment = new Dictionary<string, string> { ["PORT"] = "8080", ["HOST"] = "env-host" };
        var options = new HoconParseOptions { EnvironmentLookup = name => environment.GetValueOrDefault(name) };

        // Act
        var root = Parse("HOST = local\nport = ${?PORT}\nhost = ${HOST}\nmissing = ${?NOT_SET}\n", options);

        // Assert
        Assert.That(root.ToJson(indented: false), Is.EqualTo("{\"HOST\":\"local\",\"port\":\"8080\",\"host\":\"local\"}"));
    }

    [Test]
    public void ParseString_NoEnvironmentLookup_UndefinedSubstitutionFails()
    {
        // Act + Assert
        Assert.That(() => Parse("port = ${PORT_THAT_IS_NOT_DEFINED_ANYWHERE}"), Throws.TypeOf<HoconException>());
    }

    [TestCase("a = 1.0", "{\"a\":1}")]
    [TestCase("a = 1e3", "{\"a\":1000}")]
    [TestCase("a = 5e-5", "{\"a\":5E-05}")]
    [TestCase("a = 3.14", "{\"a\":3.14}")]
    [TestCase("a = 123456789012345678901234567890", "{\"a\":123456789012345678901234567890}")]
    [TestCase("a = 1.50 x", "{\"a\":\"1.50 x\"}")]
    [TestCase("a = \"tab\\there \\\"q\\\" \\u0001\"", "{\"a\":\"tab\\there \\\"q\\\" \\u0001\"}")]
    [TestCase("a = \"\\uD83D\\uDE00\"", "{\"a\":\"\U0001F600\"}")]
    [TestCase("a = [true, false, null]", "{\"a\":[true,false,null]}")]
    public void ToJson_Values_RenderLikeReference(string text, string json)
    {
        // Act
        var rendered = Parse(text).ToJson(indented: false);

        // Assert
        Assert.That(rendered, Is.EqualTo(json));
    }

    [Test]
    public void Flatten_NestedObjectsAndArrays_UseColonSeparatedKeys()
    {
        // Arrange
        var root = Parse("a.b.c = 1.50\nlist = [x, { y = true }]\nnothing = null\nempty {}\nnone = []\n");

        // Act
        var flat = root.Flatten().ToList();

        // Assert
        Assert.That(flat, Is.EqualTo(new[]
        {
            new KeyValuePair<string, string?>("a:b:c", "1.50"),
            new KeyValuePair<string, string?>("list:0", "x"),
            new KeyValuePair<string, string?>("list:1:y", "true"),
            new KeyValuePair<string, string?>("nothing", null),
        }));
    }

    [Test]
    public void TryGetPath_QuotedElementWithDot_FindsValue()
    {
        // Arrange
        var root = Parse("a { \"b.c\" { d = 42 } }");

        // Act
        var found = root.TryGetPath("a.\"b.c\".d", out var value);
        var missing = root.TryGetPath("a.b", out _);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(found, Is.True);
            Assert.That(value, Is.InstanceOf<HoconScalar>());
            Assert.That(((HoconScalar)value!).TryGetInt64(out var n) ? n : -1, Is.EqualTo(42));
            Assert.That(missing, Is.False);
        });
    }

    [TestCase("include classpath(\"reference.conf\")", "classpath")]
    [TestCase("include url(\"http://example.com/a.conf\")", "url")]
    [TestCase("include required(classpath(\"x.conf\"))", "classpath")]
    public void ParseString_ClasspathOrUrlInclude_IsRejected(string text, string kind)
    {
        // Act
        var error = ParseError(text);

        // Assert
        Assert.That(error.Message, Does.StartWith("test.conf:1:1: include " + kind + "(").And.Contain("not supported"));
    }

    [Test]
    public void ParseString_IncludesDisabled_IsRejected()
    {
        // Act
        var error = ParseError("include \"other.conf\"", new HoconParseOptions { AllowIncludes = false });

        // Assert
        Assert.That(error.Message, Does.Contain("disabled"));
    }

    [Test]
    public void ParseString_RootArray_IsRejected()
    {
        // Act
        var error = ParseError("[1, 2]");

        // Assert
        Assert.That(error.Message, Does.StartWith("test.conf:1:1: the root of a document must be an object"));
    }
}
