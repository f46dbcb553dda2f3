// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Para.Security.Identity;
using Para.Security.Json;
using Para.Security.Tokens;

namespace Para.Security.Tests.Json;

public sealed class ParaJsonTests
{
    [Test]
    public void User_FullUser_ParaFieldsWithoutSecrets()
    {
        // Arrange
        var user = new ParaUser
        {
            Id = "123",
            AppId = "myapp",
            Identifier = "az:1",
            Email = "jane@example.com",
            Name = "Jane",
            Active = true,
            Groups = ParaGroups.Admins,
            TokenSecret = "secret!",
            IdpAccessToken = "idp-token",
            Timestamp = 1000,
            Updated = 2000,
        };

        // Act
        var json = ParaJson.User(user);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That((string)json["id"]!, Is.EqualTo("123"));
            Assert.That((string)json["type"]!, Is.EqualTo("user"));
            Assert.That((string)json["appid"]!, Is.EqualTo("myapp"));
            Assert.That((long)json["timestamp"]!, Is.EqualTo(1000));
            Assert.That((long)json["updated"]!, Is.EqualTo(2000));
            Assert.That((string)json["identifier"]!, Is.EqualTo("az:1"));
            Assert.That((string)json["groups"]!, Is.EqualTo("admins"));
            Assert.That((bool)json["active"]!, Is.True);
            Assert.That((string)json["picture"]!, Is.EqualTo(ParaGravatar.DefaultPicture));
            Assert.That((string)json["idpAccessToken"]!, Is.EqualTo("idp-token"));
            Assert.That((string)json["objectURI"]!, Is.EqualTo("/users/123"));
            Assert.That(json.ToJsonString(), Does.Not.Contain("secret!"));
            Assert.That(json.ContainsKey("tokenSecret"), Is.False);
            Assert.That(json.ContainsKey("password"), Is.False);
        });
    }

    [Test]
    public void User_NullFields_Omitted()
    {
        // Arrange
        var user = new ParaUser { Id = "1", AppId = "para" };

        // Act
        var json = ParaJson.User(user);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(json.ContainsKey("email"), Is.False);
            Assert.That(json.ContainsKey("name"), Is.False);
            Assert.That(json.ContainsKey("updated"), Is.False);
            Assert.That(json.ContainsKey("idpAccessToken"), Is.False);
            Assert.That((bool)json["active"]!, Is.False);
        });
    }

    [Test]
    public void App_App_NoSecretOrSettings()
    {
        // Arrange
        var app = new ParaApp { Id = "app:myapp", Name = "My App", Secret = "very-secret", Settings = new JsonObject { ["az_secret"] = "s" } };

        // Act
        var json = ParaJson.App(app);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That((string)json["id"]!, Is.EqualTo("app:myapp"));
            Assert.That((string)json["type"]!, Is.EqualTo("app"));
            Assert.That((bool)json["active"]!, Is.True);
            Assert.That((bool)json["readOnly"]!, Is.False);
            Assert.That(json.ToJsonString(), Does.Not.Contain("very-secret").And.Not.Contain("az_secret"));
        });
    }

    [Test]
    public void SignIn_Token_JwtMembersAreIntegers()
    {
        // Arrange
        var token = new ParaTokenResult("a.b.c", 1_781_179_200_123, 1_781_096_400_123);

        // Act
        var json = ParaJson.SignIn(token, new ParaUser { Id = "1", AppId = "myapp" });

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(json["jwt"]!.ToJsonString(), Is.EqualTo("""{"access_token":"a.b.c","refresh":1781096400123,"expires":1781179200123}"""));
            Assert.That(json["user"], Is.InstanceOf<JsonObject>());
        });
    }

    [Test]
    public void Error_CodeAndMessage_ParaShape()
    {
        // Act / Assert
        Assert.That(ParaJson.Error(403, "Not \"allowed\".").ToJsonString(), Is.EqualTo("""{"code":403,"message":"Not \u0022allowed\u0022."}"""));
    }

    [Test]
    public void SetupKeys_Keys_SortedParaShape()
    {
        // Act
        var json = ParaJson.SetupKeys("app:para", "s3cr3t");

        // Assert
        Assert.That(string.Join(",", json.Select(p => p.Key)), Is.EqualTo("accessKey,message,secretKey"));
    }
}
