// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Server;

/// <summary>The server executable as a user starts it: a real Kestrel process, the embedded SQLite store, first start and restart.</summary>
public sealed class ServerProcessTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("para-process-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Run_FreshDirectory_CreatesSqliteStoreWritesRootKeysToAFileAndServes()
    {
        // Arrange, Act: first start.
        string secret;
        await using (var server = await ServerProcess.StartAsync(_dir))
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var setup = JsonNode.Parse(await http.GetStringAsync(new Uri("/v1/_setup", UriKind.Relative)))!;
            secret = setup["secretKey"]!.GetValue<string>();
            var me = await http.GetAsync(new Uri("/v1/_me", UriKind.Relative));

            // Assert
            Assert.Multiple(() =>
            {
                Assert.That(File.Exists(Path.Combine(_dir, "data", "para.db")), Is.True, "the default store is SQLite at data/para.db");
                var file = Path.Combine(_dir, "data", "root-credentials.json");
                Assert.That(server.Output, Does.Contain("Root app app:para created. Its keys are in " + file).And.Not.Contain(secret));
                Assert.That(JsonNode.Parse(File.ReadAllText(file))!["secretKey"]!.GetValue<string>(), Is.EqualTo(secret));
                if (!OperatingSystem.IsWindows())
                {
                    Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
                }

                Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            });
        }

        // Act: a restart on the same store keeps the root app and writes no keys.
        File.Delete(Path.Combine(_dir, "data", "root-credentials.json"));
        await using (var again = await ServerProcess.StartAsync(_dir))
        {
            using var http = new HttpClient { BaseAddress = again.BaseAddress };
            var setup = await http.GetStringAsync(new Uri("/v1/_setup", UriKind.Relative));

            // Assert
            Assert.Multiple(() =>
            {
                Assert.That(again.Output, Does.Not.Contain("Root app").And.Not.Contain(secret));
                Assert.That(File.Exists(Path.Combine(_dir, "data", "root-credentials.json")), Is.False);
                Assert.That(setup, Is.EqualTo("""{"message":"All set!"}"""));
            });
        }
    }

    [Test]
    public void Run_BadStoreSetting_ExitsWithMessageNamingTheKey()
    {
        // Act
        var ex = Assert.ThrowsAsync<InvalidOperationException>(async () => await ServerProcess.StartAsync(_dir, "--para.dao=H2DAO"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("exited with 2"));
            Assert.That(ex.Message, Does.Contain("para.dao").And.Contain("H2DAO"));
            Assert.That(ex.Message, Does.Not.Contain("   at "), "no stack trace for a configuration mistake");
        });
    }
}
