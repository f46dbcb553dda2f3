// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using System.Text.Json.Nodes;
using Para.Security.Identity;
using Para.Security.Storage;

namespace Para.Security.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IAppStore"/> and <see cref="IUserStore"/> must have. Each concrete fixture only says
/// how to make its stores; the stores live for the whole fixture, and each test works in an app of its own.
/// </summary>
public abstract class StoreContractTests
{
    private static long s_nextId = 1_000_000;

    private string _app = null!;

    protected IAppStore Apps { get; private set; } = null!;

    protected IUserStore Users { get; private set; } = null!;

    /// <summary>Creates the stores under test, with their schema in place.</summary>
    protected abstract Task<(IAppStore Apps, IUserStore Users)> CreateStoresAsync();

    /// <summary>Releases whatever <see cref="CreateStoresAsync"/> made.</summary>
    protected virtual Task DisposeStoresAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task CreateStores() => (Apps, Users) = await CreateStoresAsync();

    [OneTimeTearDown]
    public Task DisposeStores() => DisposeStoresAsync();

    [SetUp]
    public void UseFreshApp() => _app = "app" + Guid.NewGuid().ToString("N")[..12];

    // ---- apps ----

    [Test]
    public async Task FindAsync_AfterCreate_ReturnsEveryField()
    {
        // Arrange
        var app = NewApp();

        // Act
        var created = await Apps.CreateAsync(app);
        var found = await Apps.FindAsync(app.Id);

        // Assert
        Assert.That(created, Is.True);
        Assert.That(found, Is.Not.Null);
        Assert.That(AppFields(found!), Is.EqualTo(AppFields(app)));
    }

    [Test]
    public async Task FindAsync_UnknownApp_ReturnsNull()
    {
        // Arrange
        var id = ParaAppId.Prefix + _app;

        // Act
        var found = await Apps.FindAsync(id);

        // Assert
        Assert.That(found, Is.Null);
    }

    [Test]
    public async Task CreateAsync_ExistingAppId_ReturnsFalseAndKeepsTheFirst()
    {
        // Arrange
        var first = NewApp();
        await Apps.CreateAsync(first);
        var second = NewApp();
        second.Secret = "another secret";

        // Act
        var created = await Apps.CreateAsync(second);

        // Assert
        Assert.That(created, Is.False);
        Assert.That((await Apps.FindAsync(first.Id))!.Secret, Is.EqualTo(first.Secret));
    }

    [Test]
    public async Task UpdateAsync_ExistingApp_OverwritesEveryFieldAndSettings()
    {
        // Arrange
        var app = NewApp();
        await Apps.CreateAsync(app);
        var changed = new ParaApp
        {
            Id = app.Id,
            Name = "Renamed",
            Secret = "new secret",
            Active = false,
            ReadOnly = true,
            TokenValiditySec = 60,
            CreatorId = "42",
            Timestamp = app.Timestamp,
            Updated = app.Timestamp + 1000,
            Settings = new JsonObject { ["signin_success"] = "/home" },
        };

        // Act
        await Apps.UpdateAsync(changed);

        // Assert
        Assert.That(AppFields((await Apps.FindAsync(app.Id))!), Is.EqualTo(AppFields(changed)));
    }

    [Test]
    public void UpdateAsync_UnknownApp_ThrowsInvalidOperationException()
    {
        // Arrange
        var app = NewApp();

        // Act
        async Task Update() => await Apps.UpdateAsync(app);

        // Assert
        Assert.That(Update, Throws.InvalidOperationException);
    }

    [Test]
    public async Task ListIdsAsync_SeveralApps_ReturnsIdsInOrdinalOrder()
    {
        // Arrange
        string[] ids = [$"app:{_app}-b", $"app:{_app}-B", $"app:{_app}-a", $"app:{_app}-a-1"];
        foreach (var id in ids)
        {
            await Apps.CreateAsync(NewApp(id));
        }

        // Act
        var listed = await Apps.ListIdsAsync();

        // Assert
        Assert.That(listed.Where(id => id.StartsWith($"app:{_app}", StringComparison.Ordinal)), Is.EqualTo(ids.Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task FindAsync_SettingsWithNestedValues_RoundTripsNumbersAndStringsExactly()
    {
        // Arrange
        var app = NewApp();
        app.Settings["session_timeout"] = 3600;
        app.Settings["session_timeout_text"] = "3600";
        app.Settings["ratio"] = 1.5;
        app.Settings["big"] = long.MaxValue;
        app.Settings["enabled"] = true;
        app.Settings["nothing"] = null;
        app.Settings["unicode"] = "héllo \"quoted\" ✓";
        app.Settings["nested"] = new JsonObject
        {
            ["list"] = new JsonArray(1, "two", new JsonObject { ["three"] = 3 }),
            ["empty"] = new JsonObject(),
        };
        await Apps.CreateAsync(app);

        // Act
        var settings = (await Apps.FindAsync(app.Id))!.Settings;

        // Assert
        Assert.That(JsonNode.DeepEquals(settings, app.Settings), Is.True, settings.ToJsonString());
        Assert.That(settings["session_timeout"]!.GetValueKind(), Is.EqualTo(JsonValueKind.Number));
        Assert.That(settings["session_timeout"]!.ToJsonString(), Is.EqualTo("3600"));
        Assert.That(settings["session_timeout_text"]!.GetValueKind(), Is.EqualTo(JsonValueKind.String));
        Assert.That(settings["big"]!.ToJsonString(), Is.EqualTo("9223372036854775807"));
        Assert.That(settings.Select(p => p.Key), Is.EqualTo(app.Settings.Select(p => p.Key)), "key order");
    }

    [Test]
    public async Task FindAsync_OptionalFieldsNull_ReturnsNullsAndEmptySettings()
    {
        // Arrange
        var app = new ParaApp { Id = ParaAppId.Prefix + _app, Secret = "s", Timestamp = 1 };
        await Apps.CreateAsync(app);

        // Act
        var found = (await Apps.FindAsync(app.Id))!;

        // Assert
        Assert.That(AppFields(found), Is.EqualTo(AppFields(app)));
        Assert.That(found.Settings, Is.Empty);
    }

    // ---- users ----

    [Test]
    public async Task CreateAsync_NewUser_CreatesItAtVersionOne()
    {
        // Arrange
        var user = NewUser("az:amzn1.account.new");

        // Act
        var creation = await Users.CreateAsync(user);

        // Assert
        Assert.That(creation.Created, Is.True);
        Assert.That(creation.User.Version, Is.EqualTo(1));
        Assert.That(UserFields(creation.User), Is.EqualTo(UserFields(user, version: 1)));
    }

    [Test]
    public async Task FindByIdAsync_AfterCreate_ReturnsEveryField()
    {
        // Arrange
        var user = NewUser("gp:1234");
        await Users.CreateAsync(user);

        // Act
        var found = await Users.FindByIdAsync(_app, user.Id);

        // Assert
        Assert.That(found, Is.Not.Null);
        Assert.That(UserFields(found!), Is.EqualTo(UserFields(user, version: 1)));
    }

    [Test]
    public async Task FindByIdAsync_UnknownUser_ReturnsNull()
    {
        // Arrange
        var id = NewId();

        // Act
        var found = await Users.FindByIdAsync(_app, id);

        // Assert
        Assert.That(found, Is.Null);
    }

    [Test]
    public async Task CreateAsync_OptionalFieldsNull_StoresNulls()
    {
        // Arrange
        var user = new ParaUser { Id = NewId(), AppId = _app, Identifier = "custom:bare", Timestamp = 5 };

        // Act
        await Users.CreateAsync(user);
        var found = await Users.FindByIdAsync(_app, user.Id);

        // Assert
        Assert.That(UserFields(found!), Is.EqualTo(UserFields(user, version: 1)));
        Assert.That(found!.Email, Is.Null);
        Assert.That(found.TokenSecret, Is.Null);
        Assert.That(found.Updated, Is.Null);
    }

    [Test]
    public void CreateAsync_MissingIdentifier_ThrowsArgumentException()
    {
        // Arrange
        var user = NewUser(identifier: null);

        // Act
        async Task Create() => await Users.CreateAsync(user);

        // Assert
        Assert.That(Create, Throws.ArgumentException);
    }

    [Test]
    public async Task FindByIdentifierAsync_MainIdentifier_ReturnsOwner()
    {
        // Arrange
        var user = NewUser("fb:987");
        await Users.CreateAsync(user);

        // Act
        var found = await Users.FindByIdentifierAsync(_app, "fb:987");

        // Assert
        Assert.That(found?.Id, Is.EqualTo(user.Id));
    }

    [Test]
    public async Task FindByIdentifierAsync_UnknownOrDifferentCase_ReturnsNull()
    {
        // Arrange
        await Users.CreateAsync(NewUser("gh:Octocat"));

        // Act
        var unknown = await Users.FindByIdentifierAsync(_app, "gh:nobody");
        var otherCase = await Users.FindByIdentifierAsync(_app, "gh:octocat");

        // Assert
        Assert.That(unknown, Is.Null);
        Assert.That(otherCase, Is.Null, "identifiers are compared exactly");
    }

    [Test]
    public async Task FindByEmailAsync_SeveralUsers_ReturnsOldestFirstUpToLimit()
    {
        // Arrange
        var newest = NewUser("gp:3", email: "same@example.com", timestamp: 3000);
        var oldest = NewUser("fb:1", email: "same@example.com", timestamp: 1000);
        var middle = NewUser("az:2", email: "same@example.com", timestamp: 2000);
        foreach (var user in new[] { newest, oldest, middle })
        {
            await Users.CreateAsync(user);
        }

        await Users.CreateAsync(NewUser("gh:4", email: "other@example.com", timestamp: 500));

        // Act
        var all = await Users.FindByEmailAsync(_app, "same@example.com", 10);
        var first = await Users.FindByEmailAsync(_app, "same@example.com", 1);

        // Assert
        Assert.That(all.Select(u => u.Id), Is.EqualTo(new[] { oldest.Id, middle.Id, newest.Id }));
        Assert.That(first.Select(u => u.Id), Is.EqualTo(new[] { oldest.Id }));
    }

    [Test]
    public async Task FindByEmailAsync_SameEmailInAnotherApp_IsNotReturned()
    {
        // Arrange
        var mine = NewUser("fb:1", email: "shared@example.com");
        var theirs = NewUser("fb:1", email: "shared@example.com");
        theirs.AppId = _app + "-other";
        await Users.CreateAsync(mine);
        await Users.CreateAsync(theirs);

        // Act
        var found = await Users.FindByEmailAsync(_app, "shared@example.com", 10);

        // Assert
        Assert.That(found.Select(u => u.Id), Is.EqualTo(new[] { mine.Id }));
    }

    [Test]
    public async Task AddIdentifierAsync_NewIdentifier_LinksItToTheUser()
    {
        // Arrange
        var user = NewUser("fb:100", email: "linked@example.com");
        await Users.CreateAsync(user);

        // Act
        var added = await Users.AddIdentifierAsync(_app, "gp:200", user.Id);
        var found = await Users.FindByIdentifierAsync(_app, "gp:200");

        // Assert
        Assert.That(added, Is.True);
        Assert.That(found?.Id, Is.EqualTo(user.Id));
        Assert.That((await Users.FindByIdentifierAsync(_app, "fb:100"))?.Id, Is.EqualTo(user.Id), "the main identifier still works");
    }

    [Test]
    public async Task AddIdentifierAsync_TakenIdentifier_ReturnsFalseAndKeepsTheOwner()
    {
        // Arrange
        var owner = NewUser("fb:1");
        var other = NewUser("fb:2");
        await Users.CreateAsync(owner);
        await Users.CreateAsync(other);

        // Act
        var added = await Users.AddIdentifierAsync(_app, "fb:1", other.Id);

        // Assert
        Assert.That(added, Is.False);
        Assert.That((await Users.FindByIdentifierAsync(_app, "fb:1"))?.Id, Is.EqualTo(owner.Id));
    }

    [Test]
    public async Task CreateAsync_DuplicateIdentifier_ReturnsExistingOwnerAndStoresNothing()
    {
        // Arrange
        var owner = NewUser("az:dup");
        await Users.CreateAsync(owner);
        var latecomer = NewUser("az:dup", email: "late@example.com");

        // Act
        var creation = await Users.CreateAsync(latecomer);

        // Assert
        Assert.That(creation.Created, Is.False);
        Assert.That(UserFields(creation.User), Is.EqualTo(UserFields(owner, version: 1)));
        Assert.That(await Users.FindByIdAsync(_app, latecomer.Id), Is.Null, "the loser's user row is rolled back");
        Assert.That(await Users.FindByEmailAsync(_app, "late@example.com", 10), Is.Empty);
    }

    [Test]
    public async Task CreateAsync_IdentifierLinkedToAnotherUser_ReturnsTheLinkedOwner()
    {
        // Arrange
        var owner = NewUser("fb:main");
        await Users.CreateAsync(owner);
        await Users.AddIdentifierAsync(_app, "gp:linked", owner.Id);

        // Act
        var creation = await Users.CreateAsync(NewUser("gp:linked"));

        // Assert
        Assert.That(creation.Created, Is.False);
        Assert.That(creation.User.Id, Is.EqualTo(owner.Id));
    }

    [Test]
    public async Task CreateAsync_SameIdentifierInTwoApps_CreatesTwoIsolatedUsers()
    {
        // Arrange
        var mine = NewUser("az:everywhere");
        var theirs = NewUser("az:everywhere");
        theirs.AppId = _app + "-other";

        // Act
        var first = await Users.CreateAsync(mine);
        var second = await Users.CreateAsync(theirs);

        // Assert
        Assert.That(first.Created, Is.True);
        Assert.That(second.Created, Is.True);
        Assert.That((await Users.FindByIdentifierAsync(_app, "az:everywhere"))?.Id, Is.EqualTo(mine.Id));
        Assert.That((await Users.FindByIdentifierAsync(theirs.AppId, "az:everywhere"))?.Id, Is.EqualTo(theirs.Id));
        Assert.That(await Users.FindByIdAsync(theirs.AppId, mine.Id), Is.Null);
    }

    [Test]
    public async Task UpdateAsync_EveryFieldChanged_OverwritesThemAndIncrementsVersion()
    {
        // Arrange
        var user = NewUser("fb:before", email: "before@example.com");
        await Users.CreateAsync(user);
        var changed = new ParaUser
        {
            Id = user.Id,
            AppId = _app,
            Identifier = "gp:after",
            Email = "after@example.com",
            Name = "After",
            Picture = "https://example.com/after.png",
            Active = false,
            Groups = ParaGroups.Admins,
            TokenSecret = "rotated-token-secret",
            IdpAccessToken = "access-2",
            IdpRefreshToken = "refresh-2",
            IdpIdToken = "id-2",
            Timestamp = user.Timestamp,
            Updated = user.Timestamp + 60_000,
            Version = 1,
        };

        // Act
        await Users.UpdateAsync(changed);
        var once = await Users.FindByIdAsync(_app, user.Id);
        var onceFields = UserFields(once!);
        await Users.UpdateAsync(once!);
        var twice = await Users.FindByIdAsync(_app, user.Id);

        // Assert
        Assert.That(onceFields, Is.EqualTo(UserFields(changed, version: 2)));
        Assert.That(changed.Version, Is.EqualTo(2), "UpdateAsync reports the version it stored");
        Assert.That(twice!.Version, Is.EqualTo(3));
        Assert.That(once!.Version, Is.EqualTo(3));
    }

    [Test]
    public async Task UpdateAsync_EmailIndexColumnsChangedOneAtATime_EmailSearchSeesEachChange()
    {
        // Arrange: two users with one email, the first created first.
        var older = NewUser("fb:order-1", email: "order@example.com");
        var newer = NewUser("fb:order-2", email: "order@example.com");
        newer.Timestamp = older.Timestamp + 1_000;
        await Users.CreateAsync(older);
        await Users.CreateAsync(newer);

        // Act: only the token changes, then only the creation time, then only the email.
        older.TokenSecret = "token-only";
        await Users.UpdateAsync(older);
        var afterToken = await Users.FindByEmailAsync(_app, "order@example.com", 10);
        older.Timestamp = newer.Timestamp + 1_000;
        await Users.UpdateAsync(older);
        var afterTimestamp = await Users.FindByEmailAsync(_app, "order@example.com", 10);
        older.Email = "moved@example.com";
        await Users.UpdateAsync(older);
        var afterEmail = await Users.FindByEmailAsync(_app, "order@example.com", 10);
        var moved = await Users.FindByEmailAsync(_app, "moved@example.com", 10);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(afterToken.Select(u => u.Id), Is.EqualTo(new[] { older.Id, newer.Id }));
            Assert.That(afterToken[0].TokenSecret, Is.EqualTo("token-only"));
            Assert.That(afterTimestamp.Select(u => u.Id), Is.EqualTo(new[] { newer.Id, older.Id }), "oldest first, by the new creation time");
            Assert.That(afterEmail.Select(u => u.Id), Is.EqualTo(new[] { newer.Id }));
            Assert.That(moved.Select(u => (u.Id, u.Version)), Is.EqualTo(new[] { (older.Id, 4L) }));
            Assert.That(older.Version, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task UpdateAsync_EmailAddedThenCleared_EmailSearchFollows()
    {
        // Arrange: a user created without an email.
        var user = NewUser("fb:no-email", email: null);
        await Users.CreateAsync(user);

        // Act
        user.Email = "added@example.com";
        await Users.UpdateAsync(user);
        var afterAdding = await Users.FindByEmailAsync(_app, "added@example.com", 10);
        user.Email = null;
        await Users.UpdateAsync(user);
        var afterClearing = await Users.FindByEmailAsync(_app, "added@example.com", 10);

        // Assert
        Assert.That(afterAdding.Select(u => u.Id), Is.EqualTo(new[] { user.Id }));
        Assert.That(afterClearing, Is.Empty);
    }

    [Test]
    public async Task UpdateAsync_OptionalFieldsCleared_StoresNulls()
    {
        // Arrange
        var user = NewUser("fb:clear");
        await Users.CreateAsync(user);
        var cleared = user.Clone();
        cleared.Email = null;
        cleared.Name = null;
        cleared.Picture = null;
        cleared.TokenSecret = null;
        cleared.IdpAccessToken = null;
        cleared.IdpRefreshToken = null;
        cleared.IdpIdToken = null;
        cleared.Updated = null;

        // Act
        await Users.UpdateAsync(cleared);

        // Assert
        Assert.That(UserFields((await Users.FindByIdAsync(_app, user.Id))!), Is.EqualTo(UserFields(cleared, version: 2)));
    }

    [Test]
    public void UpdateAsync_UnknownUser_ThrowsInvalidOperationException()
    {
        // Arrange
        var user = NewUser("fb:ghost");

        // Act
        async Task Update() => await Users.UpdateAsync(user);

        // Assert
        Assert.That(Update, Throws.InvalidOperationException);
    }

    [Test]
    public async Task CreateAsync_HundredConcurrentCallsForOneIdentifier_CreateExactlyOneUserAndNeverThrow()
    {
        // Arrange: 100 sign-ins of the same new account, each with its own fresh user id, released at once.
        const int Calls = 100;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Calls)
            .Select(_ => NewUser("az:amzn1.account.race", email: "race@example.com"))
            .Select(user => Task.Run(async () =>
            {
                await start.Task;
                return await Users.CreateAsync(user);
            }))
            .ToArray();

        // Act
        start.SetResult();
        var results = await Task.WhenAll(calls);

        // Assert
        var winner = results.Single(r => r.Created).User;
        Assert.That(results.Select(r => r.User.Id).Distinct(), Is.EqualTo(new[] { winner.Id }), "every call returns the one user");
        Assert.That((await Users.FindByIdentifierAsync(_app, "az:amzn1.account.race"))?.Id, Is.EqualTo(winner.Id));
        Assert.That(await Users.FindByEmailAsync(_app, "race@example.com", Calls * 2), Has.Count.EqualTo(1), "exactly one user row");
    }

    [Test]
    public async Task CreateAsync_ConcurrentCallsForDistinctIdentifiers_CreateEveryUser()
    {
        // Arrange
        const int Calls = 40;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Calls)
            .Select(i => NewUser($"gh:{i}", email: "crowd@example.com"))
            .Select(user => Task.Run(async () =>
            {
                await start.Task;
                return await Users.CreateAsync(user);
            }))
            .ToArray();

        // Act
        start.SetResult();
        var results = await Task.WhenAll(calls);

        // Assert
        Assert.That(results.Count(r => r.Created), Is.EqualTo(Calls));
        Assert.That(await Users.FindByEmailAsync(_app, "crowd@example.com", Calls * 2), Has.Count.EqualTo(Calls));
    }

    // ---- helpers ----

    private static string NewId() => Interlocked.Increment(ref s_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private ParaApp NewApp(string? id = null) => new()
    {
        Id = id ?? ParaAppId.Prefix + _app,
        Name = "My App",
        Secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQ=",
        Active = true,
        ReadOnly = false,
        TokenValiditySec = 3600,
        CreatorId = "1",
        Timestamp = 1_700_000_000_000,
        Updated = 1_700_000_001_000,
        Settings = new JsonObject { ["session_timeout"] = 3600 },
    };

    private ParaUser NewUser(string? identifier, string? email = "user@example.com", long timestamp = 1_700_000_000_000) => new()
    {
        Id = NewId(),
        AppId = _app,
        Identifier = identifier,
        Email = email,
        Name = "Jane Doe",
        Picture = "https://example.com/jane.png",
        Active = true,
        Groups = ParaGroups.Users,
        TokenSecret = "token-secret-" + Guid.NewGuid().ToString("N"),
        IdpAccessToken = "access",
        IdpRefreshToken = "refresh",
        IdpIdToken = "id",
        Timestamp = timestamp,
        Updated = timestamp + 1,
    };

    private static object AppFields(ParaApp a) =>
        new { a.Id, a.Name, a.Secret, a.Active, a.ReadOnly, a.TokenValiditySec, a.CreatorId, a.Timestamp, a.Updated, Settings = a.Settings.ToJsonString() };

    private static object UserFields(ParaUser u, long? version = null) => new
    {
        u.Id, u.AppId, u.Identifier, u.Email, u.Name, u.Picture, u.Active, u.Groups, u.TokenSecret,
        u.IdpAccessToken, u.IdpRefreshToken, u.IdpIdToken, u.Timestamp, u.Updated, Version = version ?? u.Version,
    };
}
