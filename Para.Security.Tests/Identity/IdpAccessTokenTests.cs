// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Para.Security.Identity;

namespace Para.Security.Tests.Identity;

/// <summary>Para's stored form of a provider access token and its "changed?" rule (para-spec.md §3.1 steps 5 and 6).</summary>
public sealed class IdpAccessTokenTests
{
    [TestCase("Atza|IwEBIA-b_c")]
    [TestCase("Atza|a+b/c=")] // characters a JSON encoder would escape (+) stay as they are, as in Para
    [TestCase("<&'>")]
    public void Encode_Token_IsParasConcatenatedJsonInBase64(string token)
    {
        // Act
        var encoded = IdpAccessToken.Encode(token);

        // Assert
        var parts = encoded.Split('.');
        Assert.Multiple(() =>
        {
            Assert.That(parts, Has.Length.EqualTo(3));
            Assert.That(parts[0] + "." + parts[2], Is.EqualTo("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.Ss"));
            Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])), Is.EqualTo("{\"access_token\":\"" + token + "\"}"));
        });
    }

    [Test]
    public void IsSame_SameToken_IsTrue()
    {
        // Arrange
        var stored = IdpAccessToken.Encode("Atza|one");

        // Act / Assert
        Assert.That(IdpAccessToken.IsSame(new string(stored.AsSpan()), IdpAccessToken.Encode("Atza|one")), Is.True);
    }

    [Test]
    public void IsSame_SameMiddlePartUnderOtherOuterParts_IsTrue()
    {
        // Arrange: Para compares only the decoded middle part
        var middle = IdpAccessToken.Encode("Atza|one").Split('.')[1];

        // Act / Assert
        Assert.That(IdpAccessToken.IsSame("x." + middle + ".y", IdpAccessToken.Encode("Atza|one")), Is.True);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not-a-jwt")]
    [TestCase("a.!!!.b")]
    [TestCase("a.b.c.d")]
    public void IsSame_StoredValueOfAnotherShape_IsFalse(string? stored)
    {
        // Act / Assert
        Assert.That(IdpAccessToken.IsSame(stored, IdpAccessToken.Encode("Atza|one")), Is.False);
    }

    [Test]
    public void IsSame_StoredValueThatIsTheDecodedJson_IsTrue()
    {
        // Arrange: a value that is not JWT-shaped is compared as it is with the decoded JSON (Para's rule)
        const string json = "{\"access_token\":\"Atza|one\"}";

        // Act / Assert
        Assert.That(IdpAccessToken.IsSame(json, IdpAccessToken.Encode("Atza|one")), Is.True);
    }

    [Test]
    public void IsSame_OtherToken_IsFalse()
    {
        // Act / Assert
        Assert.That(IdpAccessToken.IsSame(IdpAccessToken.Encode("Atza|one"), IdpAccessToken.Encode("Atza|two")), Is.False);
    }
}
