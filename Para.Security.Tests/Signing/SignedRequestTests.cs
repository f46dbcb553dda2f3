// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Para.Security.Signing;

namespace Para.Security.Tests.Signing;

/// <summary>The SigV4 parts of a request, and the shape of its credential scope.</summary>
public sealed class SignedRequestTests
{
    [TestCase("app:myapp/20261207/us-east-1/para/aws4_request", true)]
    [TestCase("app:myapp/20261207/eu-west-1/s3/aws4_request", true)]
    [TestCase("app:myapp//us-east-1//aws4_request", false)]
    [TestCase("app:myapp/20261207/us-east-1/para/aws4_request/extra/parts", false)]
    [TestCase("app:myapp/20261207///", false)]
    [TestCase("app:myapp/", false)]
    [TestCase("app:myapp", false)]
    [TestCase("/20261207/us-east-1/para/aws4_request", false)]
    [TestCase("app:myapp/2026-12-7/us-east-1/para/aws4_request", false)]
    [TestCase("app:myapp/20261207/us-east-1/para/aws4_REQUEST", false)]
    public void HasWellFormedCredential_HeaderScope_ChecksTheShape(string credential, bool expected)
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = $"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=00";

        // Act
        var signed = SignedRequest.Read(context.Request);

        // Assert
        Assert.That(signed.HasWellFormedCredential, Is.EqualTo(expected));
    }

    [Test]
    public void HasWellFormedCredential_NoCredential_IsFalse()
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00";

        // Act, Assert
        Assert.That(SignedRequest.Read(context.Request).HasWellFormedCredential, Is.False);
    }
}
