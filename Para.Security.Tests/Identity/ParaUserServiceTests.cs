// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Identity;

public sealed class ParaUserServiceTests
{
    private static ParaUser NewUser(string identifier, string? email = "jane@example.com", string appId = "myapp") =>
        new() { Id = string.Empty, AppId = appId, Identifier = identifier, Email = email, Name = "Jane", Active = true };

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public async Task ReadUserForIdentifierAsync_BlankIdentifier_GivesNull(string? identifier)
    {
        // Arrange
        using var host = ParaTestHost.Create();
        await host.AddUserAsync("myapp", "az:1", "jane@example.com");

        // Act
        var user = await host.Get<ParaUserService>().ReadUserForIdentifierAsync("myapp", identifier, "jane@example.com");

        // Assert
        Assert.That(user, Is.Null);
    }

    [Test]
    public async Task ReadUserForIdentifierAsync_KnownIdentifier_GivesOwnerUnchanged()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var stored = await host.AddUserAsync("myapp", "az:1", "jane@example.com");

        // Act
        var user = await host.Get<ParaUserService>().ReadUserForIdentifierAsync("app:myapp", "az:1", null);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(user?.Id, Is.EqualTo(stored.Id));
            Assert.That((await host.Users.FindByIdAsync("myapp", stored.Id))!.Version, Is.EqualTo(stored.Version), "no save when nothing changed");
        });
    }

    [Test]
    public async Task ReadUserForIdentifierAsync_UnknownIdentifierNoEmail_GivesNull()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        await host.AddUserAsync("myapp", "az:1", "jane@example.com");

        // Act
        var user = await host.Get<ParaUserService>().ReadUserForIdentifierAsync("myapp", "gh:2", null);

        // Assert
        Assert.That(user, Is.Null);
    }

    [Test]
    public async Task ReadUserForIdentifierAsync_UnknownIdentifierKnownEmail_LinksAndSwitchesMainIdentifier()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var stored = await host.AddUserAsync("myapp", "az:1", "jane@example.com");

        // Act
        var user = await host.Get<ParaUserService>().ReadUserForIdentifierAsync("myapp", "gh:2", "jane@example.com");

        // Assert
        var reread = await host.Users.FindByIdAsync("myapp", stored.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(user?.Id, Is.EqualTo(stored.Id));
            Assert.That(user?.Identifier, Is.EqualTo("gh:2"));
            Assert.That(reread!.Identifier, Is.EqualTo("gh:2"), "main identifier switched and saved");
            Assert.That((await host.Users.FindByIdentifierAsync("myapp", "gh:2"))?.Id, Is.EqualTo(stored.Id), "new identifier record attached");
            Assert.That((await host.Users.FindByIdentifierAsync("myapp", "az:1"))?.Id, Is.EqualTo(stored.Id), "old identifier still works");
        });
    }

    [Test]
    public async Task ReadUserForIdentifierAsync_EmailInOtherApp_GivesNull()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        await host.AddUserAsync("otherapp", "az:1", "jane@example.com");

        // Act
        var user = await host.Get<ParaUserService>().ReadUserForIdentifierAsync("myapp", "gh:2", "jane@example.com");

        // Assert
        Assert.That(user, Is.Null);
    }

    [Test]
    public async Task ReadUserForIdentifierAsync_LinkingSwitchedOff_GivesNullAndAttachesNothing()
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:security:link_accounts_by_email", "false"));
        var stored = await host.AddUserAsync("myapp", "az:1", "jane@example.com");

        // Act
        var user = await host.Get<ParaUserService>().ReadUserForIdentifierAsync("myapp", "gh:2", "jane@example.com");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(user, Is.Null);
            Assert.That(await host.Users.FindByIdentifierAsync("myapp", "gh:2"), Is.Null);
            Assert.That((await host.Users.FindByIdAsync("myapp", stored.Id))!.Identifier, Is.EqualTo("az:1"));
        });
    }

    [Test]
    public async Task ReadUserForIdentifierAsync_SecondaryIdentifier_SwitchesMainIdentifierAndSaves()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var stored = await host.AddUserAsync("myapp", "az:1", "jane@example.com");
        await host.Users.AddIdentifierAsync("myapp", "gh:2", stored.Id);

        // Act
        var user = await host.Get<ParaUserService>().ReadUserForIdentifierAsync("myapp", "gh:2", null);

        // Assert
        var reread = await host.Users.FindByIdAsync("myapp", stored.Id);
        Assert.Multiple(() =>
        {
            Assert.That(user?.Identifier, Is.EqualTo("gh:2"));
            Assert.That(reread!.Identifier, Is.EqualTo("gh:2"));
            Assert.That(reread.Version, Is.GreaterThan(stored.Version));
            Assert.That(reread.Updated, Is.EqualTo(ParaTestHost.Now.ToUnixTimeMilliseconds()));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase(" ")]
    public async Task CreateUserAsync_BlankIdentifier_GivesNull(string? identifier)
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var user = NewUser("x");
        user.Identifier = identifier;

        // Act
        var created = await host.Get<ParaUserService>().CreateUserAsync(user);

        // Assert
        Assert.That(created, Is.Null);
    }

    [TestCase("1234567", false)]
    [TestCase("12345678", true)]
    [TestCase("", true)]
    [TestCase(null, true)]
    public async Task CreateUserAsync_Password_LengthChecked(string? password, bool expectCreated)
    {
        // Arrange
        using var host = ParaTestHost.Create();

        // Act
        var created = await host.Get<ParaUserService>().CreateUserAsync(NewUser("jane@example.com"), password);

        // Assert
        Assert.That(created is not null, Is.EqualTo(expectCreated));
    }

    [Test]
    public async Task CreateUserAsync_MinPasswordLengthConfigured_Honoured()
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:min_password_length", "12"));

        // Act
        var created = await host.Get<ParaUserService>().CreateUserAsync(NewUser("jane@example.com"), "12345678901");

        // Assert
        Assert.That(created, Is.Null);
    }

    [Test]
    public async Task CreateUserAsync_NewUser_FillsParaDefaultsAndStores()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var expectedPicture = "https://www.gravatar.com/avatar/"
            + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("jane@example.com")))
            + "?size=400&d=mm&r=pg";

        // Act
        var created = await host.Get<ParaUserService>().CreateUserAsync(NewUser("az:1", "Jane@Example.com", "app:myapp"));

        // Assert
        Assert.That(created, Is.Not.Null);
        var stored = await host.Users.FindByIdentifierAsync("myapp", "az:1");
        Assert.Multiple(() =>
        {
            Assert.That(created!.Id, Does.Match("^[0-9]+$"));
            Assert.That(created.AppId, Is.EqualTo("myapp"));
            Assert.That(created.Groups, Is.EqualTo(ParaGroups.Users));
            Assert.That(created.Picture, Is.EqualTo(expectedPicture));
            Assert.That(created.TokenSecret, Has.Length.EqualTo(44));
            Assert.That(created.Timestamp, Is.EqualTo(ParaTestHost.Now.ToUnixTimeMilliseconds()));
            Assert.That(stored?.Id, Is.EqualTo(created.Id));
        });
    }

    [Test]
    public async Task CreateUserAsync_NoEmail_DefaultPicture()
    {
        // Arrange
        using var host = ParaTestHost.Create();

        // Act
        var created = await host.Get<ParaUserService>().CreateUserAsync(NewUser("az:1", email: null));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(created!.Picture, Is.EqualTo("https://www.gravatar.com/avatar?d=mm&size=400"));
            Assert.That(new ParaUser { Id = "1", AppId = "a" }.PictureOrDefault, Is.EqualTo("https://www.gravatar.com/avatar?d=mm&size=400"));
        });
    }

    [Test]
    public async Task CreateUserAsync_AdminIdent_GetsAdmins()
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:admin_ident", "az:1"));

        // Act
        var admin = await host.Get<ParaUserService>().CreateUserAsync(NewUser("az:1"));
        var other = await host.Get<ParaUserService>().CreateUserAsync(NewUser("az:2", "john@example.com"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(admin!.Groups, Is.EqualTo(ParaGroups.Admins));
            Assert.That(other!.Groups, Is.EqualTo(ParaGroups.Users));
        });
    }

    [Test]
    public async Task CreateUserAsync_GivenGroupsAndPicture_Kept()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var user = NewUser("az:1");
        user.Groups = ParaGroups.Mods;
        user.Picture = "https://img.example.com/p.png";

        // Act
        var created = await host.Get<ParaUserService>().CreateUserAsync(user);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(created!.Groups, Is.EqualTo(ParaGroups.Mods));
            Assert.That(created.Picture, Is.EqualTo("https://img.example.com/p.png"));
        });
    }

    [Test]
    public async Task CreateUserAsync_IdentifierTaken_GivesNull()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        await host.AddUserAsync("myapp", "az:1", "jane@example.com");

        // Act
        var created = await host.Get<ParaUserService>().CreateUserAsync(NewUser("az:1", "other@example.com"));

        // Assert
        Assert.That(created, Is.Null);
    }

    [Test]
    public async Task CreateUserAsync_EmailTaken_GivesNullAndLinksIdentifier()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var stored = await host.AddUserAsync("myapp", "az:1", "jane@example.com");

        // Act
        var created = await host.Get<ParaUserService>().CreateUserAsync(NewUser("gh:2", "jane@example.com"));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(created, Is.Null);
            Assert.That((await host.Users.FindByIdentifierAsync("myapp", "gh:2"))?.Id, Is.EqualTo(stored.Id));
        });
    }

    [Test]
    public async Task ResetTokenSecretAsync_RightAfterCreation_ReplacesTheSecretAndStoresIt()
    {
        // Arrange: the service keeps no per-user state; sparing a new user's reset is the sign-in's decision (ExternalSignIn).
        using var host = ParaTestHost.Create();
        var service = host.Get<ParaUserService>();
        var created = (await service.CreateUserAsync(NewUser("az:1")))!;
        var firstSecret = created.TokenSecret;

        // Act
        await service.ResetTokenSecretAsync(created);
        var stored = (await host.Users.FindByIdAsync("myapp", created.Id))!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(stored.TokenSecret, Is.Not.EqualTo(firstSecret));
            Assert.That(stored.TokenSecret, Is.EqualTo(created.TokenSecret));
            Assert.That(stored.Version, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task CreateUserFoundByNobodyAsync_TrustsTheCallersLookUp_AndStillReturnsAConcurrentOwner()
    {
        // Arrange: the caller's ReadUserForIdentifierAsync found nobody for gh:2, then another request created it.
        using var host = ParaTestHost.Create();
        var service = host.Get<ParaUserService>();
        var fresh = await service.CreateUserFoundByNobodyAsync(NewUser("az:9", "new@example.com"));
        var owner = await host.AddUserAsync("myapp", "gh:2", "other@example.com");

        // Act
        var racing = await service.CreateUserFoundByNobodyAsync(NewUser("gh:2", "other@example.com"));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(fresh, Is.Not.Null);
            Assert.That((await host.Users.FindByIdentifierAsync("myapp", "az:9"))?.Id, Is.EqualTo(fresh!.Id));
            Assert.That(racing?.Id, Is.EqualTo(owner.Id), "the store's atomic create returns the owner");
        });
    }

    [Test]
    public async Task CreateUserAsync_IdentifierTakenConcurrently_GivesExistingOwner()
    {
        // Arrange: the first lookup misses (as if the other request had not committed yet), the create then collides.
        using var host = ParaTestHost.Create();
        var owner = await host.AddUserAsync("myapp", "az:1", "first@example.com");
        var racing = new LookupMissesOnceStore(host.Users);
        var service = new ParaUserService(racing, host.Config, host.Get<IIdGenerator>(), host.Time, NullLogger<ParaUserService>.Instance);

        // Act
        var created = await service.CreateUserAsync(NewUser("az:1", email: null));

        // Assert
        Assert.That(created?.Id, Is.EqualTo(owner.Id));
    }

    [Test]
    public async Task ResetTokenSecretAsync_User_NewSecretStored()
    {
        // Arrange
        using var host = ParaTestHost.Create();
        var user = await host.AddUserAsync("myapp", "az:1");
        var before = user.TokenSecret;

        // Act
        await host.Get<ParaUserService>().ResetTokenSecretAsync(user);

        // Assert
        var stored = await host.Users.FindByIdAsync("myapp", user.Id);
        Assert.Multiple(() =>
        {
            Assert.That(user.TokenSecret, Is.Not.EqualTo(before));
            Assert.That(stored!.TokenSecret, Is.EqualTo(user.TokenSecret));
        });
    }

    private sealed class LookupMissesOnceStore(IUserStore inner) : IUserStore
    {
        private bool _missed;

        public ValueTask<ParaUser?> FindByIdAsync(string appIdentifier, string userId, CancellationToken cancellationToken = default) =>
            inner.FindByIdAsync(appIdentifier, userId, cancellationToken);

        public ValueTask<ParaUser?> FindByIdentifierAsync(string appIdentifier, string identifier, CancellationToken cancellationToken = default)
        {
            if (!_missed)
            {
                _missed = true;
                return ValueTask.FromResult<ParaUser?>(null);
            }

            return inner.FindByIdentifierAsync(appIdentifier, identifier, cancellationToken);
        }

        public ValueTask<IReadOnlyList<ParaUser>> FindByEmailAsync(string appIdentifier, string email, int limit, CancellationToken cancellationToken = default) =>
            inner.FindByEmailAsync(appIdentifier, email, limit, cancellationToken);

        public ValueTask<UserCreation> CreateAsync(ParaUser user, CancellationToken cancellationToken = default) => inner.CreateAsync(user, cancellationToken);

        public ValueTask<bool> AddIdentifierAsync(string appIdentifier, string identifier, string userId, CancellationToken cancellationToken = default) =>
            inner.AddIdentifierAsync(appIdentifier, identifier, userId, cancellationToken);

        public ValueTask UpdateAsync(ParaUser user, CancellationToken cancellationToken = default) => inner.UpdateAsync(user, cancellationToken);
    }
}
