// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Para.Security.Diagnostics;
using Para.Security.Http;

namespace Para.Security.Tests.Http;

/// <summary>JSON bodies as Para's Jackson reads them: encoding from the bytes, and a 400 (never an exception) for anything else.</summary>
public sealed class RequestJsonTests
{
    private const string SignIn = """{"appid":"app:myapp","provider":"passwordless","token":"t\u00e9😀"}""";

    public static IEnumerable<TestCaseData> Encodings()
    {
        yield return new TestCaseData(Encoding.UTF8.GetBytes(SignIn)).SetName("Parse_Utf8_ReadsIt");
        yield return new TestCaseData(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(SignIn)).ToArray()).SetName("Parse_Utf8WithBom_ReadsIt");
        yield return new TestCaseData(Encoding.Unicode.GetBytes(SignIn)).SetName("Parse_Utf16LittleEndian_ReadsIt");
        yield return new TestCaseData(Encoding.BigEndianUnicode.GetBytes(SignIn)).SetName("Parse_Utf16BigEndian_ReadsIt");
        yield return new TestCaseData(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(SignIn)).ToArray()).SetName("Parse_Utf16WithBom_ReadsIt");
        yield return new TestCaseData(new UTF32Encoding(false, false).GetBytes(SignIn)).SetName("Parse_Utf32LittleEndian_ReadsIt");
        yield return new TestCaseData(new UTF32Encoding(true, true).GetPreamble().Concat(new UTF32Encoding(true, false).GetBytes(SignIn)).ToArray()).SetName("Parse_Utf32BigEndianWithBom_ReadsIt");
    }

    public static IEnumerable<TestCaseData> Malformed()
    {
        yield return new TestCaseData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D }).SetName("Parse_InvalidUtf8InAString_IsMalformed");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("{\"a\":\"x\"}").Concat(new byte[] { 0xC0, 0xAF }).ToArray()).SetName("Parse_OverlongUtf8AfterTheValue_IsMalformed");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("""{"appid":"\ud800"}""")).SetName("Parse_EscapedLoneHighSurrogate_IsMalformed");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("""{"\udc00":1}""")).SetName("Parse_EscapedLoneSurrogateInAName_IsMalformed");
        yield return new TestCaseData(Encoding.Unicode.GetBytes("{\"a\":1}").Concat(new byte[] { 0x7B }).ToArray()).SetName("Parse_Utf16WithAnOddByteCount_IsMalformed");
        yield return new TestCaseData(Encoding.Unicode.GetBytes("{\"a\":\"").Concat(new byte[] { 0x00, 0xD8 }).Concat(Encoding.Unicode.GetBytes("\"}")).ToArray()).SetName("Parse_Utf16LoneSurrogate_IsMalformed");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><a/>")).SetName("Parse_Xml_IsMalformed");
        yield return new TestCaseData(Array.Empty<byte>()).SetName("Parse_Empty_IsMalformed");
    }

    [TestCaseSource(nameof(Encodings))]
    public void Parse_AnyEncodingOfJson_ReadsTheSameDocument(byte[] body)
    {
        // Act
        var result = RequestJson.Parse(body);
        using var document = result.Value;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.Null);
            Assert.That(document!.RootElement.GetProperty("token").GetString(), Is.EqualTo("t\u00e9😀"));
            Assert.That(document.RootElement.GetProperty("appid").GetString(), Is.EqualTo("app:myapp"));
        });
    }

    [TestCaseSource(nameof(Malformed))]
    public void Parse_NotJsonInAnEncodingOfJson_Is400MalformedJson(byte[] body)
    {
        // Act
        var result = RequestJson.Parse(body);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.Null);
            Assert.That(result.Failure!.StatusCode, Is.EqualTo(400));
            Assert.That(result.Failure.Kind, Is.EqualTo(RequestBodyFailureKind.MalformedJson));
            Assert.That(result.Failure.ErrorCode, Is.EqualTo(ParaSecurityErrors.MalformedJson));
            Assert.That(result.Failure.Message, Does.StartWith("Malformed JSON: "));
        });
    }

    [Test]
    public void Parse_ValidSurrogatePairEscape_ReadsIt()
    {
        // Act
        using var document = RequestJson.Parse(Encoding.UTF8.GetBytes("""{"a":"\ud83d\ude00"}""")).Value;

        // Assert
        Assert.That(document!.RootElement.GetProperty("a").GetString(), Is.EqualTo("😀"));
    }
}
