// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Microsoft.Extensions.Logging;
using Para.Security.Server;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Server;

/// <summary>
/// Log levels as shipped and from <c>para.logging.level</c> (issue 28: every API request wrote three Information lines of
/// ASP.NET Core's routing and result executors).
/// </summary>
public sealed class ParaLogLevelsTests
{
    [TestCase(null, TestName = "ApiRequests_AsShipped_WriteNoFrameworkLineBelowWarning")]
    [TestCase("Information", TestName = "ApiRequests_AspNetCoreAtInformationFromTheEnvironment_WriteFrameworkLines (control)")]
    public async Task ApiRequests(string? aspNetCoreLevel)
    {
        // Arrange
        var logs = new CapturingLoggerProvider();
        var environment = aspNetCoreLevel is null ? null : new Dictionary<string, string> { ["PARA_LOGGING_LEVEL_MICROSOFT_ASPNETCORE"] = aspNetCoreLevel };
        await using var host = await StartAsync(logs, environment);
        var client = host.Client;
        logs.Clear();

        // Act: guest, setup, a bad sign-in body, a sign-in callback, health.
        await client.GetAsync(new Uri("/v1/_me", UriKind.Relative));
        await client.GetAsync(new Uri("/v1/_setup", UriKind.Relative));
        using var body = new StringContent("{}", Encoding.UTF8, "application/json");
        await client.PostAsync(new Uri("/jwt_auth", UriKind.Relative), body);
        await client.GetAsync(new Uri("/amazon_auth?error=access_denied&state=para", UriKind.Relative));
        await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        // Assert
        var framework = logs.Entries.Where(e => !e.Category.StartsWith("Para.", StringComparison.Ordinal) && e.Level < LogLevel.Warning).ToList();
        if (aspNetCoreLevel is null)
        {
            Assert.That(framework.Select(e => $"{e.Category}: {e.Message}"), Is.Empty);
        }
        else
        {
            Assert.That(framework.Select(e => e.Category), Has.Some.StartsWith("Microsoft.AspNetCore.Routing"));
        }
    }

    [Test]
    public async Task Levels_ParaStyleNameFromTheEnvironment_AppliesToTheDefault()
    {
        // Arrange
        var logs = new CapturingLoggerProvider();

        // Act: Para's logback name; the startup line "Configuration file: …" is at Information.
        await using var host = await StartAsync(logs, new Dictionary<string, string> { ["PARA_LOGGING_LEVEL_DEFAULT"] = "WARN" });

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(logs.Entries.Where(e => e.Category.StartsWith("Para.", StringComparison.Ordinal)).Select(e => e.Level), Has.All.GreaterThanOrEqualTo(LogLevel.Warning));
            Assert.That(logs.Entries.Select(e => e.EventId.Name), Does.Contain("RootCredentialsWritten"), "Warnings still pass");
        });
    }

    [Test]
    public void Levels_NotALevel_StartupFailsNamingTheKey()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("para-levels-");
        try
        {
            // Act
            var ex = Assert.Throws<StartupConfigurationException>(
                () => ParaServerApp.Create(ServerAppHost.Sources(directory, null, "--para.logging.level.default=Loud"), TextWriter.Null));

            // Assert
            Assert.That(ex!.Message, Does.Contain("para.logging.level.\"default\" = \"Loud\" is not a log level").And.Contain("Warning"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task<ServerAppHost> StartAsync(CapturingLoggerProvider logs, IReadOnlyDictionary<string, string>? environment) =>
        ServerAppHost.StartAsync(testServer: true, environment, builder => builder.Logging.AddProvider(logs));
}
