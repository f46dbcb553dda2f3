// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Tests.Identity;

public sealed class ParaIdentityProvidersTests
{
    [TestCase("fb:1", "facebook")]
    [TestCase("gp:1", "google")]
    [TestCase("gh:1", "github")]
    [TestCase("tw:1", "twitter")]
    [TestCase("in:1", "linkedin")]
    [TestCase("ms:1", "microsoft")]
    [TestCase("sl:1", "slack")]
    [TestCase("mm:1", "mattermost")]
    [TestCase("az:amzn1.account.X", "amazon")]
    [TestCase("AZ:amzn1.account.X", "amazon")]
    [TestCase("ldap:jane", "ldap")]
    [TestCase("saml:jane", "saml")]
    [TestCase("oa2:1", "oauth2")]
    [TestCase("oa2second:1", "oauth2")]
    [TestCase("OA2THIRD:1", "oauth2")]
    [TestCase("custom:1", "custom")]
    [TestCase("jane@example.com", "generic")]
    [TestCase("jane", "unknown")]
    [TestCase("amazon:1", "unknown")]
    [TestCase(null, "unknown")]
    public void GetIdentityProvider_Identifier_GivesParaName(string? identifier, string expected)
    {
        // Act
        var name = ParaIdentityProviders.GetIdentityProvider(identifier);

        // Assert
        Assert.That(name, Is.EqualTo(expected));
    }

    [Test]
    public void IdentityProvider_User_UsesMainIdentifier()
    {
        // Arrange
        var user = new ParaUser { Id = "1", AppId = "myapp", Identifier = "gh:42" };

        // Act / Assert
        Assert.That(user.IdentityProvider, Is.EqualTo("github"));
    }
}
