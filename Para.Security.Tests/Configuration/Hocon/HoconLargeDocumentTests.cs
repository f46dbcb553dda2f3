// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text;
using Para.Security.Configuration.Hocon;

namespace Para.Security.Tests.Configuration.Hocon;

/// <summary>
/// Large documents take the tokenizer's pooled-string path (repeated keys, values and substitution paths
/// share one instance); each part must come out exactly as when it is parsed alone, below that size.
/// </summary>
[TestFixture]
public sealed class HoconLargeDocumentTests
{
    private const string Defaults = "defaults { timeout = 30, region = \"eu-west-1\", \"a.b\" = x }\n";

    private static readonly HoconParseOptions NoEnvironment = new();

    [Test]
    public void ParseString_LargeDocument_EachPartMatchesTheSamePartParsedAlone()
    {
        // Arrange
        var blocks = Enumerable.Range(0, 300).Select(Block).ToArray();
        var large = new StringBuilder(Defaults);
        foreach (var block in blocks)
        {
            large.Append(block);
        }

        Assert.That(large.Length, Is.GreaterThan(64 * 1024), "the document must be large enough to be pooled");

        // Act
        var parsed = HoconParser.ParseString(large.ToString(), "large.conf", NoEnvironment);

        // Assert
        Assert.That(parsed.Count, Is.EqualTo(blocks.Length + 1));
        for (var i = 0; i < blocks.Length; i++)
        {
            var alone = HoconParser.ParseString(Defaults + blocks[i], "small.conf", NoEnvironment);
            var key = "service" + i.ToString(CultureInfo.InvariantCulture);
            Assert.That(((HoconObject)parsed[key]).ToJson(), Is.EqualTo(((HoconObject)alone[key]).ToJson()), key);
        }
    }

    private static string Block(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        return $$"""
            service{{n}} {
              name = "service-{{n}}"
              "quoted key" = "tab\there \u0041 {{n}}"
              enabled = {{(i % 2 == 0 ? "true" : "false")}}
              port = {{8000 + (i % 10)}}
              weight = {{i % 10}}.5
              timeout = ${defaults.timeout}
              region = ${?defaults.region}
              dotted = ${defaults."a.b"}
              text = ${defaults.region} and more {{n}}
              tags = [ alpha, beta, "gamma {{n}}", truex, null ]
              endpoint { host = "host{{n}}.example.com", path = /v1/items }
              limits.rate = {{100 + i}}
              limits.burst = {{10 + (i % 7)}}
            }

            """;
    }
}
