// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Server;

/// <summary>What <c>dotnet publish</c> of the server ships: no test tooling (WireMock, Para.Security.Testing), even for demo mode.</summary>
[TestFixture]
public sealed class ServerPublishTests
{
    private DirectoryInfo _output = null!;

    [SetUp]
    public void CreateOutput() => _output = Directory.CreateTempSubdirectory("para-publish-");

    [TearDown]
    public void DeleteOutput() => _output.Delete(recursive: true);

    [Test]
    [CancelAfter(300_000)]
    public async Task Publish_Server_ShipsNoWireMockAndNoTestingAssembly(CancellationToken cancellationToken)
    {
        // Arrange: the server as built next to this test (same configuration); --no-build keeps it to the copy.
        var configuration = new DirectoryInfo(TestContext.CurrentContext.TestDirectory).Parent?.Name ?? "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", RepoPaths.InRepo("Para.Security.Server", "Para.Security.Server.csproj"), "--no-build", "--nologo", "-c", configuration, "-o", _output.FullName, "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings (set by `dotnet test`) must not steer the inner build.
        foreach (var name in start.Environment.Keys.Where(n => n.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        // Act
        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = publish.StandardError.ReadToEndAsync(cancellationToken);
        await publish.WaitForExitAsync(cancellationToken);
        var log = await stdout + await stderr;

        // Assert
        var files = _output.GetFiles("*", SearchOption.AllDirectories).Select(f => f.Name).ToList();
        var deps = Path.Combine(_output.FullName, "Para.Security.Server.deps.json");
        Assert.Multiple(() =>
        {
            Assert.That(publish.ExitCode, Is.Zero, log);
            Assert.That(files, Does.Contain("Para.Security.Server.dll").And.Contain("Para.Security.Filters.dll"), "the publish output is complete");
            Assert.That(files.Where(f => f.Contains("WireMock", StringComparison.OrdinalIgnoreCase)), Is.Empty);
            Assert.That(files, Does.Not.Contain("Para.Security.Testing.dll"));
            Assert.That(File.Exists(deps) ? File.ReadAllText(deps) : string.Empty, Does.Contain("Para.Security.Filters").And.Not.Contain("WireMock").And.Not.Contain("Para.Security.Testing"));
        });
    }
}
