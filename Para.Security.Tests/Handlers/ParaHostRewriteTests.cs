// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Handlers;

namespace Para.Security.Tests.Handlers;

public sealed class ParaHostRewriteTests
{
    [TestCase("https://app.example.com/a?b=c#d", "x.example.org", "https://x.example.org/a?b=c#d")]
    [TestCase("https://user:pw@app.example.com:8443/a", "x.example.org", "https://user:pw@x.example.org:8443/a")]
    [TestCase("https://app.example.com", "x.example.org", "https://x.example.org")]
    [TestCase("http://[::1]:8080/a", "x.example.org", "http://x.example.org:8080/a")]
    [TestCase("//app.example.com/a", "x.example.org", "//x.example.org/a")]
    [TestCase("/a?jwt=?", "x.example.org", "//x.example.org/a?jwt=?")]
    public void ReplaceHost_Url_OnlyHostChanges(string url, string host, string expected)
    {
        // Act / Assert
        Assert.That(ParaHostRewrite.ReplaceHost(url, host), Is.EqualTo(expected));
    }

    [TestCase("https://app.example.com:8443/a?jwt=?", "https://app.example.com")]
    [TestCase("/relative", "/relative")]
    public void Apply_HostUrlNotAccepted_SchemeAndHostOrUnchanged(string customUri, string expected)
    {
        // Act / Assert
        Assert.That(ParaHostRewrite.Apply(customUri, "https://evil.example", []), Is.EqualTo(expected));
    }

    [Test]
    public void Apply_RelativeTargetExactAlias_ProtocolRelativeOnAliasHost()
    {
        // Act / Assert
        Assert.That(ParaHostRewrite.Apply("/home", "https://a.example.org", ["https://a.example.org"]), Is.EqualTo("//a.example.org/home"));
    }
}
