// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Para.Security.Server;
using Para.Security.Tests.Server;

namespace Para.Security.Tests.Telemetry;

/// <summary><c>para.telemetry</c>: off by default, checked at start, and the OTLP exporter wired when switched on.</summary>
[TestFixture]
internal sealed class TelemetrySettingsTests
{
    [Test]
    public async Task Server_ByDefault_RegistersNoOpenTelemetrySdk()
    {
        // Act
        await using var host = await ServerAppHost.StartTestServerAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(host.Services.GetService<TracerProvider>(), Is.Null);
            Assert.That(host.Services.GetService<MeterProvider>(), Is.Null);
        });
    }

    [Test]
    public async Task Server_OtlpEnabled_RegistersTheSdkWithTheConfiguredExporter()
    {
        // Act
        await using var host = await ServerAppHost.StartTestServerAsync(
            "--para.telemetry.otlp.enabled=true", "--para.telemetry.otlp.endpoint=http://127.0.0.1:9", "--para.telemetry.otlp.protocol=http/protobuf");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(host.Services.GetService<TracerProvider>(), Is.Not.Null);
            Assert.That(host.Services.GetService<MeterProvider>(), Is.Not.Null);
        });
    }

    [TestCase("--para.telemetry.otlp.endpoint=localhost:4317", "para.telemetry.otlp.endpoint", TestName = "Create_EndpointWithoutScheme_FailsNamingTheKey")]
    [TestCase("--para.telemetry.otlp.endpoint=ftp://collector:21", "para.telemetry.otlp.endpoint", TestName = "Create_EndpointNotHttp_FailsNamingTheKey")]
    [TestCase("--para.telemetry.otlp.endpoint=not a url", "para.telemetry.otlp.endpoint", TestName = "Create_EndpointNotAUrl_FailsNamingTheKey")]
    [TestCase("--para.telemetry.otlp.protocol=udp", "para.telemetry.otlp.protocol", TestName = "Create_UnknownProtocol_FailsNamingTheKey")]
    [TestCase("--para.telemetry.otlp.enabled=yes please", "para.telemetry.otlp.enabled", TestName = "Create_EnabledNotABoolean_FailsNamingTheKey")]
    [TestCase("--para.telemetry.service_name= ", "para.telemetry.service_name", TestName = "Create_EmptyServiceName_FailsNamingTheKey")]
    public void Create_BadTelemetrySetting_FailsNamingTheKey(string argument, string key)
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("para-telemetry-test-");

        // Act
        var exception = Assert.Throws<StartupConfigurationException>(() => ParaServerApp.Create(ServerAppHost.Sources(directory, null, argument), TextWriter.Null));

        // Assert
        Assert.That(exception!.Message, Does.StartWith(key + " = "));
        directory.Delete(recursive: true);
    }
}
