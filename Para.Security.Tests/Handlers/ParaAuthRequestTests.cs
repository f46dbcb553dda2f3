// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Microsoft.AspNetCore.Http;
using Para.Security.Handlers;

namespace Para.Security.Tests.Handlers;

/// <summary>Request parameters as Para reads them: query first, then a form body; a form body that cannot be read has none.</summary>
public sealed class ParaAuthRequestTests
{
    [TestCase("application/x-www-form-urlencoded", "code=abc", "abc")]
    [TestCase("application/x-www-form-urlencoded; charset=utf-8", "code=%C3%A9", "\u00e9")]
    [TestCase("application/x-www-form-urlencoded; charset=utf-7", "code=abc", null)]
    [TestCase("application/x-www-form-urlencoded; charset=bogus", "code=abc", "abc")]
    [TestCase("multipart/form-data; boundary=x", "--x\r\nbroken", null)]
    [TestCase("multipart/form-data", "code=abc", null)]
    public async Task GetParameterAsync_FormBody_ReadsItOrFindsNone(string contentType, string body, string? expected)
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));

        // Act
        var value = await ParaAuthRequest.GetParameterAsync(context.Request, "code", CancellationToken.None);

        // Assert
        Assert.That(value, Is.EqualTo(expected));
    }

    [Test]
    public async Task GetParameterAsync_RepeatedQueryKey_ReadsTheFirstValue()
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?appid=a&APPID=b&appid=c");

        // Act
        var value = await ParaAuthRequest.GetParameterAsync(context.Request, "appid", CancellationToken.None);

        // Assert
        Assert.That(value, Is.EqualTo("a"));
    }
}
