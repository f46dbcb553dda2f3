// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tokens;

namespace Para.Security.Tests.Tokens;

public sealed class ParaJwtExtractorTests
{
    private ParaTestHost _host = null!;
    private string _userToken = null!;
    private string _superToken = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = ParaTestHost.Create();
        var app = await _host.AddAppAsync("app:myapp");
        var user = await _host.AddUserAsync("myapp", "az:1");
        _userToken = (await _host.Get<ParaJwtIssuer>().IssueSessionTokenAsync(app, user))!.AccessToken;
        _superToken = _host.Get<ParaJwtIssuer>().IssueSuperToken(app)!.AccessToken;
    }

    [TearDown]
    public void TearDown() => _host.Dispose();

    private Task<ParaBearerToken> ExtractAsync(HttpContext context) => _host.Get<ParaJwtExtractor>().ExtractAsync(context.Request);

    [Test]
    public async Task ExtractAsync_BearerHeaderWithUserToken_UserWithAppAndUser()
    {
        // Arrange
        var context = HttpContexts.Request("/v1/_me");
        context.Request.Headers.Authorization = "Bearer " + _userToken + "  ";

        // Act
        var token = await ExtractAsync(context);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(token.Kind, Is.EqualTo(ParaBearerTokenKind.User));
            Assert.That(token.Token, Is.EqualTo(_userToken));
            Assert.That(token.App?.Id, Is.EqualTo("app:myapp"));
            Assert.That(token.User?.Id, Is.EqualTo("1001"));
            Assert.That(token.Jwt, Is.Not.Null);
        });
    }

    [Test]
    public async Task ExtractAsync_SuperToken_Super()
    {
        // Arrange
        var context = HttpContexts.Request("/v1/users");
        context.Request.Headers.Authorization = "Bearer " + _superToken;

        // Act
        var token = await ExtractAsync(context);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(token.Kind, Is.EqualTo(ParaBearerTokenKind.Super));
            Assert.That(token.App?.Id, Is.EqualTo("app:myapp"));
            Assert.That(token.User, Is.Null);
        });
    }

    [Test]
    public async Task ExtractAsync_SubNamesNoUser_SuperCandidate()
    {
        // Arrange
        var context = HttpContexts.Request("/v1/users");
        context.Request.Headers.Authorization = "Bearer " + TestJwt.Create("HS256", new JsonObject { ["appid"] = "myapp", ["sub"] = "999" }, TestJwt.Key(32));

        // Act
        var token = await ExtractAsync(context);

        // Assert
        Assert.That(token.Kind, Is.EqualTo(ParaBearerTokenKind.Super));
    }

    [Test]
    public async Task ExtractAsync_LowercaseBearer_None()
    {
        // Arrange
        var context = HttpContexts.Request("/v1/_me");
        context.Request.Headers.Authorization = "bearer " + _userToken;

        // Act
        var token = await ExtractAsync(context);

        // Assert
        Assert.That(token.Kind, Is.EqualTo(ParaBearerTokenKind.None));
    }

    [Test]
    public async Task ExtractAsync_QueryParameterAndNoHeader_Found()
    {
        // Arrange
        var context = HttpContexts.Request("/v1/_me?Authorization=" + Uri.EscapeDataString("Bearer " + _userToken));

        // Act
        var token = await ExtractAsync(context);

        // Assert
        Assert.That(token.Kind, Is.EqualTo(ParaBearerTokenKind.User));
    }

    [Test]
    public async Task ExtractAsync_FormParameterAndNoHeader_Found()
    {
        // Arrange
        var context = HttpContexts.Request("/v1/_me");
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Form = new FormCollection(new Dictionary<string, StringValues> { ["Authorization"] = "Bearer " + _userToken });

        // Act
        var token = await ExtractAsync(context);

        // Assert
        Assert.That(token.Kind, Is.EqualTo(ParaBearerTokenKind.User));
    }

    [Test]
    public async Task ExtractAsync_HeaderPresentWithoutBearer_QueryParameterIgnored()
    {
        // Arrange
        var context = HttpContexts.Request("/v1/_me?Authorization=" + Uri.EscapeDataString("Bearer " + _userToken));
        context.Request.Headers.Authorization = "Anonymous app:myapp";

        // Act
        var token = await ExtractAsync(context);

        // Assert
        Assert.That(token.Kind, Is.EqualTo(ParaBearerTokenKind.None));
    }

    [Test]
    public async Task ExtractAsync_UnknownApp_None()
    {
        // Arrange
        var context = HttpContexts.Request("/v1/_me");
        context.Request.Headers.Authorization = "Bearer " + TestJwt.Create("HS256", new JsonObject { ["appid"] = "app:nope", ["sub"] = "1001" }, TestJwt.Key(32));

        // Act
        var token = await ExtractAsync(context);

        // Assert
        Assert.That(token.Kind, Is.EqualTo(ParaBearerTokenKind.None));
    }

    [TestCase("Bearer ")]
    [TestCase("Bearer not-a-jwt")]
    [TestCase("Bearer a.b.c")]
    public async Task ExtractAsync_Unparsable_NoneWithoutThrowing(string header)
    {
        // Arrange
        var context = HttpContexts.Request("/v1/_me");
        context.Request.Headers.Authorization = header;

        // Act
        var token = await ExtractAsync(context);

        // Assert
        Assert.That(token, Is.SameAs(ParaBearerToken.None));
    }

    [Test]
    public async Task ExtractAsync_NoAuthorization_None()
    {
        // Act
        var token = await ExtractAsync(HttpContexts.Request("/v1/_me"));

        // Assert
        Assert.That(token.Kind, Is.EqualTo(ParaBearerTokenKind.None));
    }
}
