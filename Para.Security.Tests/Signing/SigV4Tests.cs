// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Signing;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Signing;

/// <summary>SigV4 canonicalisation against AWS's published examples and against the test-side signer.</summary>
public sealed class SigV4Tests
{
    // AWS's documented example credentials (SigV4 test suite and "derive a signing key" example).
    private const string ExampleSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [Test]
    public void SigningKey_AwsDocumentedIamExample_MatchesPublishedKey()
    {
        // Arrange, Act
        var key = SigV4.SigningKey(ExampleSecret, "20120215", "us-east-1", "iam");

        // Assert
        Assert.That(Convert.ToHexStringLower(key), Is.EqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"));
    }

    [Test]
    public void Signature_AwsTestSuiteGetVanilla_MatchesPublishedSignature()
    {
        // Arrange
        var canonical = SigV4.CanonicalRequest("GET", SigV4.CanonicalUri("/"), string.Empty,
            [new("host", "example.amazonaws.com"), new("x-amz-date", "20150830T123600Z")], SigV4.EmptyPayloadHash);
        var scope = SigV4.Scope("20150830", "us-east-1", "service");

        // Act
        var signature = SigV4.Signature(SigV4.SigningKey(ExampleSecret, "20150830", "us-east-1", "service"), SigV4.StringToSign("20150830T123600Z", scope, canonical));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(canonical, Is.EqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SigV4.EmptyPayloadHash));
            Assert.That(signature, Is.EqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
        });
    }

    [Test]
    public void Signature_AwsTestSuiteGetVanillaQueryOrderKeyCase_SortsParameters()
    {
        // Arrange
        var query = SigV4.CanonicalQueryString([new("Param2", "value2"), new("Param1", "value1")]);
        var canonical = SigV4.CanonicalRequest("GET", "/", query,
            [new("x-amz-date", "20150830T123600Z"), new("host", "example.amazonaws.com")], SigV4.EmptyPayloadHash);

        // Act
        var signature = SigV4.Signature(SigV4.SigningKey(ExampleSecret, "20150830", "us-east-1", "service"),
            SigV4.StringToSign("20150830T123600Z", SigV4.Scope("20150830", "us-east-1", "service"), canonical));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(query, Is.EqualTo("Param1=value1&Param2=value2"));
            Assert.That(signature, Is.EqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
        });
    }

    [TestCase("abc-_.~XYZ09", "abc-_.~XYZ09")]
    [TestCase("a b", "a%20b")]
    [TestCase("a+b=c&d/e", "a%2Bb%3Dc%26d%2Fe")]
    [TestCase("!*'()", "%21%2A%27%28%29")]
    [TestCase("é", "%C3%A9")]
    public void EncodeRfc3986_Value_EncodesAllButUnreserved(string value, string expected)
    {
        // Arrange, Act
        var encoded = SigV4.EncodeRfc3986(value);

        // Assert
        Assert.That(encoded, Is.EqualTo(expected));
    }

    [Test]
    public void CanonicalHeaderValue_SpacesAndTabs_AreTrimmedAndCollapsed()
    {
        // Arrange, Act
        var value = SigV4.CanonicalHeaderValue("  a \t b   c ");

        // Assert
        Assert.That(value, Is.EqualTo("a b c"));
    }

    [TestCase("GET", "/v1/_settings", "", "")]
    [TestCase("PUT", "/v1/_settings/az_app_id", "", "{\"value\":\"x\"}")]
    [TestCase("GET", "/v1/_settings", "?b=2&a=1&a=0&sp=a%20b", "")]
    [TestCase("DELETE", "/v1/_settings/k%20ey", "", "\"\"")]
    public void Signature_SameRequest_AgreesWithTheTestSideSigner(string method, string path, string query, string body)
    {
        // Arrange
        var url = new Uri("http://localhost" + path + query);
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var hash = SigV4.HexSha256(bytes);
        const string date = "20260611T120000Z";
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query)
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value[0] ?? string.Empty));
        var canonical = SigV4.CanonicalRequest(method, SigV4.CanonicalUri(url.AbsolutePath), SigV4.CanonicalQueryString(parameters),
            [new("host", "localhost"), new("x-amz-date", date)], hash);

        // Act
        var ours = SigV4.Signature(SigV4.SigningKey("s3cr3t", "20260611", "us-east-1", "para"), SigV4.StringToSign(date, SigV4.Scope("20260611", "us-east-1", "para"), canonical));
        var theirs = TestSigV4Signer.Signature(method, url, ["host:localhost", "x-amz-date:" + date], ["host", "x-amz-date"], hash, date, "s3cr3t", "us-east-1", "para");

        // Assert
        Assert.That(ours, Is.EqualTo(theirs));
    }
}
