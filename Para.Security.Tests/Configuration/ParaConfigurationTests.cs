// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Para.Security.Configuration;

namespace Para.Security.Tests.Configuration;

/// <summary>Para's configuration order and file choice (para-spec.md §2.1, issue: reference &lt; file &lt; PARA_* &lt; command line).</summary>
public sealed class ParaConfigurationTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("para-config-").FullName;
        Directory.CreateDirectory(Path.Combine(_dir, "conf"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Locate_NothingGiven_PrefersParaApplicationConfOverConfApplicationConf()
    {
        // Arrange
        Write("conf/application.conf", "para.port = 1");
        Write("para-application.conf", "para.port = 2");

        // Act
        var file = ParaConfigFile.Locate(Sources());

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(file.Path, Is.EqualTo(Path.Combine(_dir, "para-application.conf")));
            Assert.That(file.ChosenBy, Is.EqualTo("para-application.conf"));
        });
    }

    [Test]
    public void Locate_EnvironmentVariableGiven_BeatsTheWorkingDirectoryFiles()
    {
        // Arrange
        Write("para-application.conf", "para.port = 2");
        Write("other.conf", "para.port = 3");

        // Act
        var file = ParaConfigFile.Locate(Sources(env: new() { ["PARA_CONFIG_FILE"] = "other.conf" }));

        // Assert
        Assert.That(file.Path, Is.EqualTo(Path.Combine(_dir, "other.conf")));
    }

    [Test]
    public void Locate_ConfigArgumentGiven_BeatsTheEnvironmentVariable()
    {
        // Arrange
        Write("a.conf", "para.port = 4");
        Write("b.conf", "para.port = 5");

        // Act
        var file = ParaConfigFile.Locate(Sources(["--config", "a.conf"], new() { ["PARA_CONFIG_FILE"] = "b.conf" }));

        // Assert
        Assert.That(file.ChosenBy, Is.EqualTo("--config"));
    }

    [Test]
    public void Locate_ExplicitFileMissing_FailsNamingThePathAndTheSwitch()
    {
        // Act
        var ex = Assert.Throws<FileNotFoundException>(() => ParaConfigFile.Locate(Sources(["--config=missing.conf"])));

        // Assert
        Assert.That(ex!.Message, Does.Contain("'missing.conf' named by --config does not exist").And.Contain(Path.Combine(_dir, "missing.conf")));
    }

    [Test]
    public void Locate_NoFileAnywhere_UsesDefaultsOnly()
    {
        // Act
        var file = ParaConfigFile.Locate(Sources());

        // Assert
        Assert.That(file, Is.EqualTo(new ParaConfigFile(null, "defaults only")));
    }

    [Test]
    public void AddParaConfiguration_Layers_ReferenceThenFileThenEnvironmentThenCommandLine()
    {
        // Arrange
        Write("conf/application.conf", """
            para {
              port = 9000
              app_name = "fromfile"
              admin_ident = "file"
              security.signin_success = "/file"
            }
            """);
        var env = new Dictionary<string, string?> { ["PARA_ADMIN_IDENT"] = "env", ["PARA_security_signin_success"] = "/env-exact-case" };

        // Act
        var config = new ParaConfig(new ConfigurationBuilder().AddParaConfiguration(Sources(["--para.admin_ident=cli"], env), out _).Build());

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(config.Get("jwt_expires_after"), Is.EqualTo("86400"), "reference.conf default");
            Assert.That(config.Get("app_name"), Is.EqualTo("fromfile"), "the file beats reference.conf");
            Assert.That(config.Get("port"), Is.EqualTo("9000"));
            Assert.That(config.Get("security.signin_success"), Is.EqualTo("/env-exact-case"), "PARA_* in its exact case, tried after the upper-case name");
            Assert.That(config.Get("admin_ident"), Is.EqualTo("cli"), "the command line beats the environment");
        });
    }

    [Test]
    public void AddParaConfiguration_UpperCaseVariable_WinsOverExactCase()
    {
        // Arrange
        var env = new Dictionary<string, string?> { ["PARA_SECURITY_SIGNIN_SUCCESS"] = "/upper", ["PARA_security_signin_success"] = "/exact" };

        // Act
        var config = new ParaConfig(new ConfigurationBuilder().AddParaConfiguration(Sources([], env), out _).Build());

        // Assert
        Assert.That(config.Get("security.signin_success"), Is.EqualTo("/upper"));
    }

    [Test]
    public void AddParaConfiguration_FileWithSecretSubstitution_ReadsTheEnvironment()
    {
        // Arrange: the shipped application.conf writes secrets as ${?PARA_AZ_SECRET}.
        Write("conf/application.conf", "para.az_secret = ${?MY_AZ_SECRET}");

        // Act
        var config = new ParaConfig(new ConfigurationBuilder().AddParaConfiguration(Sources([], new() { ["MY_AZ_SECRET"] = "s3cret" }), out _).Build());

        // Assert
        Assert.That(config.Get("az_secret"), Is.EqualTo("s3cret"));
    }

    [Test]
    public void AddParaConfiguration_BrokenFile_FailsNamingFileLineAndColumn()
    {
        // Arrange
        Write("conf/application.conf", "para {\n  port = ]\n}\n");

        // Act
        var ex = Assert.Catch(() => new ConfigurationBuilder().AddParaConfiguration(Sources(), out _).Build());

        // Assert
        Assert.That(ex!.ToString(), Does.Contain("application.conf:2:"));
    }

    private void Write(string relative, string text) => File.WriteAllText(Path.Combine(_dir, relative), text);

    private ParaConfigurationSources Sources(string[]? args = null, Dictionary<string, string?>? env = null) => new()
    {
        Arguments = args ?? [],
        Environment = name => env is not null && env.TryGetValue(name, out var value) ? value : null,
        WorkingDirectory = _dir,
    };
}
