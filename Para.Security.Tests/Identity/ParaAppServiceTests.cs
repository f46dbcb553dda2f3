// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Identity;

public sealed class ParaAppServiceTests
{
    [Test]
    public async Task EnsureRootAppAsync_FirstAndSecondCall_CreatesOnceAndShowsSecretOnce()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var service = host.Get<ParaAppService>();

        // Act
        var first = await service.EnsureRootAppAsync();
        var second = await service.EnsureRootAppAsync();

        // Assert
        var stored = await host.Apps.FindAsync("app:para");
        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(AppSetupStatus.Created));
            Assert.That(first.Created, Is.True);
            Assert.That(first.AccessKey, Is.EqualTo("app:para"));
            Assert.That(first.SecretKey, Has.Length.EqualTo(56));
            Assert.That(stored!.Secret, Is.EqualTo(first.SecretKey));
            Assert.That(stored.Active, Is.True);
            Assert.That(second.Status, Is.EqualTo(AppSetupStatus.AlreadyExists));
            Assert.That(second.SecretKey, Is.Null);
        });
    }

    [Test]
    public async Task EnsureRootAppAsync_SecretOverride_UsesIt()
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:root_secret_override", "my-fixed-root-secret-which-is-long-enough"), ("para:app_name", "Site"));

        // Act
        var result = await host.Get<ParaAppService>().EnsureRootAppAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.AccessKey, Is.EqualTo("app:site"));
            Assert.That(result.SecretKey, Is.EqualTo("my-fixed-root-secret-which-is-long-enough"));
        });
    }

    [Test]
    public async Task CreateChildAppAsync_NewName_CreatesNormalisedApp()
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:root_secret_override", "not-for-children"));

        // Act
        var result = await host.Get<ParaAppService>().CreateChildAppAsync("My_App", creatorId: "42");

        // Assert
        var stored = await host.Apps.FindAsync("app:my-app");
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(AppSetupStatus.Created));
            Assert.That(result.AccessKey, Is.EqualTo("app:my-app"));
            Assert.That(result.SecretKey, Has.Length.EqualTo(56));
            Assert.That(stored!.Name, Is.EqualTo("my-app"));
            Assert.That(stored.CreatorId, Is.EqualTo("42"));
            Assert.That(stored.Timestamp, Is.EqualTo(ParaTestHost.Now.ToUnixTimeMilliseconds()));
        });
    }

    [Test]
    public async Task CreateChildAppAsync_Exists_AlreadyExistsWithoutSecret()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        await host.AddAppAsync("app:myapp");

        // Act
        var result = await host.Get<ParaAppService>().CreateChildAppAsync("myapp", "My App");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(result.Status, Is.EqualTo(AppSetupStatus.AlreadyExists));
            Assert.That(result.SecretKey, Is.Null);
            Assert.That((await host.Apps.FindAsync("app:myapp"))!.Secret, Is.EqualTo(ParaTestHost.AppSecret));
        });
    }

    [Test]
    public async Task CreateChildAppAsync_InvalidName_InvalidName()
    {
        // Arrange
        using var host = ParaTestHost.Create();

        // Act
        var result = await host.Get<ParaAppService>().CreateChildAppAsync("%%%");

        // Assert
        Assert.That(result, Is.EqualTo(new AppSetupResult(AppSetupStatus.InvalidName, null, null)));
    }

    [Test]
    public async Task ResetSecretAsync_App_NewSecretStored()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var app = await host.AddAppAsync("app:myapp");

        // Act
        var secret = await host.Get<ParaAppService>().ResetSecretAsync(app);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(secret, Is.Not.EqualTo(ParaTestHost.AppSecret).And.Length.EqualTo(56));
            Assert.That((await host.Apps.FindAsync("app:myapp"))!.Secret, Is.EqualTo(secret));
        });
    }
}
