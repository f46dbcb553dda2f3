// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration;
using Para.Security.Handlers;
using Para.Security.Identity;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tokens;

namespace Para.Security.Tests.DependencyInjection;

public sealed class ParaCoreServiceCollectionExtensionsTests
{
    [Test]
    public void AddParaCore_WithStoresAndConfiguration_ResolvesEveryService()
    {
        // Arrange
        using var host = ParaTestHost.Create();

        // Act / Assert
        Assert.Multiple(() =>
        {
            Assert.That(host.Get<ParaConfig>(), Is.Not.Null);
            Assert.That(host.Get<IIdGenerator>(), Is.InstanceOf<SnowflakeIdGenerator>());
            Assert.That(host.Get<TimeProvider>(), Is.SameAs(host.Time), "a registered TimeProvider is kept");
            Assert.That(host.Get<ParaRootApp>(), Is.Not.Null);
            Assert.That(host.Get<ParaSettingsResolver>(), Is.Not.Null);
            Assert.That(host.Get<ParaUserService>(), Is.Not.Null);
            Assert.That(host.Get<ParaAppService>(), Is.Not.Null);
            Assert.That(host.Get<ParaJwtIssuer>(), Is.Not.Null);
            Assert.That(host.Get<ParaJwtValidator>(), Is.Not.Null);
            Assert.That(host.Get<ParaJwtExtractor>(), Is.Not.Null);
            Assert.That(host.Get<ParaSuccessHandler>(), Is.Not.Null);
            Assert.That(host.Get<ParaFailureHandler>(), Is.Not.Null);
        });
    }
}
