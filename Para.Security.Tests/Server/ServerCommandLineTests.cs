// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Para.Security.Server.Commands;

namespace Para.Security.Tests.Server;

/// <summary><c>config print</c> and <c>apps create</c>, run in-process with captured output.</summary>
[NonParallelizable] // the commands resolve relative paths against the process's working directory
public sealed class ServerCommandLineTests
{
    private string _dir = null!;
    private string _previous = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("para-cli-").FullName;
        _previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(_dir);
    }

    [TearDown]
    public void TearDown()
    {
        Directory.SetCurrentDirectory(_previous);
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task ConfigPrint_ValidFile_PrintsResolvedJsonAndExits0()
    {
        // Arrange
        File.WriteAllText("app.conf", "a { b = 1, c = ${a.b} }\nd += x\n");

        // Act
        var (code, output, error) = await RunAsync("config", "print", "app.conf");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(output), JsonNode.Parse("""{"a":{"b":1,"c":1},"d":["x"]}""")), Is.True, output);
        });
    }

    [Test]
    public async Task ConfigPrint_InvalidFile_PrintsPositionedErrorToStderrAndExits2()
    {
        // Arrange
        File.WriteAllText("bad.conf", "a {\n  b = ]\n}\n");

        // Act
        var (code, output, error) = await RunAsync("config", "print", "bad.conf");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Contain("bad.conf:2:7:").And.Contain("']'"));
        });
    }

    [Test]
    public async Task ConfigPrint_MissingFile_Exits2()
    {
        // Act
        var (code, _, error) = await RunAsync("config", "print", "nope.conf");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("nope.conf"));
        });
    }

    [Test]
    public async Task ConfigPrint_NoFile_PrintsEffectiveConfigurationWithSecretsMasked()
    {
        // Arrange
        Directory.CreateDirectory("conf");
        File.WriteAllText("conf/application.conf", "para { az_secret = \"hunter2\", az_app_id = \"amzn1.application-oa2-client.x\", port = 9090 }");

        // Act
        var (code, output, error) = await RunAsync("config", "print");
        var para = JsonNode.Parse(output)!["para"]!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Not.Contain("hunter2"));
            Assert.That(para["az_secret"]!.GetValue<string>(), Is.EqualTo("********"));
            Assert.That(para["az_app_id"]!.GetValue<string>(), Is.EqualTo("amzn1.application-oa2-client.x"));
            Assert.That(para["port"]!.GetValue<string>(), Is.EqualTo("9090"));
            Assert.That(para["jwt_expires_after"]!.GetValue<string>(), Is.EqualTo("86400"), "reference.conf defaults are included");
            Assert.That(error, Does.Contain("conf/application.conf"));
        });
    }

    [Test]
    public async Task ConfigPrint_ExplicitConfigMissing_Exits2WithTheReason()
    {
        // Act
        var (code, _, error) = await RunAsync("config", "print", "--config", "missing.conf");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("'missing.conf' named by --config does not exist"));
        });
    }

    [Test]
    public async Task AppsCreate_NewName_PrintsKeysOnceThenRefusesTheSameName()
    {
        // Arrange: the default SQLite store, in this test's working directory.
        // Act
        var (code, output, error) = await RunAsync("apps", "create", "My App");
        var (again, _, againError) = await RunAsync("apps", "create", "my-app");
        var keys = JsonNode.Parse(output)!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(keys["accessKey"]!.GetValue<string>(), Is.EqualTo("app:my-app"));
            Assert.That(keys["secretKey"]!.GetValue<string>(), Has.Length.EqualTo(56));
            Assert.That(File.Exists(Path.Combine(_dir, "data", "para.db")), Is.True);
            var rootFile = Path.Combine(_dir, "data", "root-credentials.json");
            var root = JsonNode.Parse(File.ReadAllText(rootFile))!;
            Assert.That(root["accessKey"]!.GetValue<string>(), Is.EqualTo("app:para"), "the fresh store's root app got its keys file");
            Assert.That(output, Does.Not.Contain(root["secretKey"]!.GetValue<string>()));
            Assert.That(error, Does.Contain(rootFile).And.Not.Contain(root["secretKey"]!.GetValue<string>()));
            Assert.That(again, Is.EqualTo(1));
            Assert.That(againError, Does.Contain("app:my-app").And.Contain("already exists"));
        });
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ServerCommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
