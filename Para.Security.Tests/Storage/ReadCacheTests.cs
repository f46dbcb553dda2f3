// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Storage.Caching;
using Para.Security.Storage.InMemory;

namespace Para.Security.Tests.Storage;

/// <summary>
/// The read cache in front of the database stores: what it saves (store reads), and what it must never do (hand out
/// shared mutable records, keep a record this process changed, keep a record longer than <c>para.cache.ttl</c>).
/// </summary>
public sealed class ReadCacheTests
{
    private const string App = "myapp";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));
    private readonly StoreCacheOptions _options = new() { Ttl = TimeSpan.FromSeconds(5) };

    [Test]
    public async Task FindById_TwiceWithinTtl_ReadsTheStoreOnceAndReturnsIndependentCopies()
    {
        // Arrange
        var (store, cached) = await UserStoresAsync();

        // Act
        var first = await cached.FindByIdAsync(App, "u1");
        first!.Name = "changed by the caller";
        var second = await cached.FindByIdAsync(App, "u1");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(store.ReadsById, Is.EqualTo(1));
            Assert.That(second, Is.Not.SameAs(first));
            Assert.That(second!.Name, Is.EqualTo("Alice"));
        });
    }

    [Test]
    public async Task FindById_AfterUpdateThroughTheCache_SeesTheNewTokenSecretAtOnce_WithoutReadingTheStore()
    {
        // Arrange
        var (store, cached) = await UserStoresAsync();
        var user = (await cached.FindByIdAsync(App, "u1"))!;

        // Act
        user.TokenSecret = "rotated";
        await cached.UpdateAsync(user);
        user.TokenSecret = "changed by the caller after the write";
        var after = await cached.FindByIdAsync(App, "u1");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(after!.TokenSecret, Is.EqualTo("rotated"));
            Assert.That(after.Version, Is.EqualTo(user.Version));
            Assert.That(store.ReadsById, Is.EqualTo(1), "the write's own record is kept");
        });
    }

    [Test]
    public void Store_TwoWritesFinishingOutOfOrder_KeepsTheHigherVersion()
    {
        // Arrange
        var cache = new ReadCache<string, string>(_options, _time);

        // Act: the store committed version 6 after version 5, but the write of 5 reached the cache last.
        cache.Store("u1", "secret of version 6", 6);
        cache.Store("u1", "secret of version 5", 5);
        cache.TryGet("u1", out var kept);
        cache.Store("u1", "secret of version 7", 7);
        cache.TryGet("u1", out var newest);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo("secret of version 6"));
            Assert.That(newest, Is.EqualTo("secret of version 7"));
        });
    }

    [Test]
    public void Store_OlderThanAnExpiredNewerRecord_KeepsNeither()
    {
        // Arrange
        var cache = new ReadCache<string, string>(_options, _time);
        cache.Store("u1", "version 6", 6);
        _time.Advance(TimeSpan.FromSeconds(6));

        // Act
        cache.Store("u1", "version 5", 5);

        // Assert
        Assert.That(cache.TryGet("u1", out _), Is.False);
    }

    [Test]
    public async Task FindById_ChangedByAnotherInstance_IsSeenOnlyAfterTheTtl()
    {
        // Arrange: the store written directly stands for another server instance sharing it.
        var (store, cached) = await UserStoresAsync();
        _ = await cached.FindByIdAsync(App, "u1");
        var elsewhere = (await store.FindByIdAsync(App, "u1"))!;
        elsewhere.TokenSecret = "revoked elsewhere";
        await store.UpdateAsync(elsewhere);

        // Act
        _time.Advance(TimeSpan.FromSeconds(4.9));
        var beforeTtl = await cached.FindByIdAsync(App, "u1");
        _time.Advance(TimeSpan.FromSeconds(0.2));
        var afterTtl = await cached.FindByIdAsync(App, "u1");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(beforeTtl!.TokenSecret, Is.EqualTo("secret-1"));
            Assert.That(afterTtl!.TokenSecret, Is.EqualTo("revoked elsewhere"));
        });
    }

    [Test]
    public async Task FindById_ReadThatOverlapsAnUpdate_DoesNotPutTheOldRecordBack()
    {
        // Arrange: the read is held inside the store until the update has finished.
        var (store, cached) = await UserStoresAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeRead = () => release.Task;
        var slowRead = cached.FindByIdAsync(App, "u1").AsTask();
        store.BeforeRead = null;
        var user = (await store.FindByIdAsync(App, "u1"))!;

        // Act
        user.TokenSecret = "rotated";
        await cached.UpdateAsync(user);
        release.SetResult();
        var stale = await slowRead;
        var next = await cached.FindByIdAsync(App, "u1");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(stale!.TokenSecret, Is.EqualTo("secret-1"), "the overlapping read returns what it read");
            Assert.That(next!.TokenSecret, Is.EqualTo("rotated"), "but it must not stay in the cache");
        });
    }

    [Test]
    public async Task FindById_ReadThatOverlapsAnUpdateOfAnotherUser_IsKept()
    {
        // Arrange: a second user whose cache key falls in another stripe than u1's, and u1's read held inside the
        // store until that user's update has finished.
        var (store, cached) = await UserStoresAsync();
        var otherId = Enumerable.Range(2, 1000).Select(i => "u" + i)
            .First(id => ReadCache<(string, string), ParaUser>.StripeOf((App, id)) != ReadCache<(string, string), ParaUser>.StripeOf((App, "u1")));
        await store.CreateAsync(new ParaUser { Id = otherId, AppId = App, Identifier = "az:other", TokenSecret = "secret-2", Active = true });
        var other = (await store.FindByIdAsync(App, otherId))!;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeRead = () => release.Task;
        var slowRead = cached.FindByIdAsync(App, "u1").AsTask();
        store.BeforeRead = null;

        // Act
        other.TokenSecret = "rotated";
        await cached.UpdateAsync(other);
        release.SetResult();
        await slowRead;
        var readsBefore = store.ReadsById;
        var again = await cached.FindByIdAsync(App, "u1");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(again!.TokenSecret, Is.EqualTo("secret-1"));
            Assert.That(store.ReadsById, Is.EqualTo(readsBefore), "the read of u1 was kept although another user was written meanwhile");
        });
    }

    [Test]
    public async Task Update_ThatFails_StillForgetsTheCachedRecord()
    {
        // Arrange
        var (store, cached) = await UserStoresAsync();
        var user = (await cached.FindByIdAsync(App, "u1"))!;
        store.FailUpdates = true;

        // Act
        user.TokenSecret = "unknown outcome";
        Assert.ThrowsAsync<InvalidOperationException>(async () => await cached.UpdateAsync(user));
        _ = await cached.FindByIdAsync(App, "u1");

        // Assert
        Assert.That(store.ReadsById, Is.EqualTo(2));
    }

    [Test]
    public async Task FindByIdentifier_Twice_ReadsTheStoreOnce_AndAddIdentifierIsSeenAtOnce()
    {
        // Arrange
        var (store, cached) = await UserStoresAsync();

        // Act
        var byIdentifier = await cached.FindByIdentifierAsync(App, "az:1");
        var again = await cached.FindByIdentifierAsync(App, "az:1");
        var missing = await cached.FindByIdentifierAsync(App, "gh:1");
        var added = await cached.AddIdentifierAsync(App, "gh:1", "u1");
        var linked = await cached.FindByIdentifierAsync(App, "gh:1");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(byIdentifier!.Id, Is.EqualTo("u1"));
            Assert.That(again!.Id, Is.EqualTo("u1"));
            Assert.That(store.ReadsByIdentifier, Is.EqualTo(3), "az:1 once, gh:1 before and after linking");
            Assert.That(missing, Is.Null);
            Assert.That(added, Is.True);
            Assert.That(linked!.Id, Is.EqualTo("u1"));
        });
    }

    [Test]
    public async Task AppFind_CachesACopyWithItsSettings_AndUpdateIsSeenAtOnce()
    {
        // Arrange
        var store = new CountingAppStore();
        await store.CreateAsync(new ParaApp { Id = "app:myapp", Secret = "s", Settings = new JsonObject { ["signin_success"] = "/a" } });
        var cached = new CachingAppStore(store, _options, _time);

        // Act
        var first = (await cached.FindAsync("app:myapp"))!;
        first.Settings["signin_success"] = "/changed-by-caller";
        var second = (await cached.FindAsync("app:myapp"))!;
        second.Settings["signin_success"] = "/b";
        await cached.UpdateAsync(second);
        var third = (await cached.FindAsync("app:myapp"))!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(store.Reads, Is.EqualTo(2));
            Assert.That(third.Settings["signin_success"]!.GetValue<string>(), Is.EqualTo("/b"));
        });
    }

    [Test]
    public void Fill_BeyondMaxEntries_KeepsTheCacheBounded()
    {
        // Arrange
        var cache = new ReadCache<string, string>(new StoreCacheOptions { MaxEntries = 16 }, _time);

        // Act
        for (var i = 0; i < 1000; i++)
        {
            cache.Fill("k" + i, "v", cache.Generation);
        }

        // Assert
        Assert.That(cache.Count, Is.LessThanOrEqualTo(16 + 2));
    }

    private async Task<(CountingUserStore Store, CachingUserStore Cached)> UserStoresAsync()
    {
        var store = new CountingUserStore();
        await store.CreateAsync(new ParaUser { Id = "u1", AppId = App, Identifier = "az:1", Name = "Alice", TokenSecret = "secret-1", Active = true });
        return (store, new CachingUserStore(store, _options, _time));
    }

    private sealed class CountingUserStore : IUserStore
    {
        private readonly InMemoryUserStore _inner = new();

        public int ReadsById { get; private set; }

        public int ReadsByIdentifier { get; private set; }

        public Func<Task>? BeforeRead { get; set; }

        public bool FailUpdates { get; set; }

        public async ValueTask<ParaUser?> FindByIdAsync(string appIdentifier, string userId, CancellationToken cancellationToken = default)
        {
            ReadsById++;
            var read = await _inner.FindByIdAsync(appIdentifier, userId, cancellationToken);
            if (BeforeRead is { } wait)
            {
                await wait();
            }

            return read;
        }

        public ValueTask<ParaUser?> FindByIdentifierAsync(string appIdentifier, string identifier, CancellationToken cancellationToken = default)
        {
            ReadsByIdentifier++;
            return _inner.FindByIdentifierAsync(appIdentifier, identifier, cancellationToken);
        }

        public ValueTask<IReadOnlyList<ParaUser>> FindByEmailAsync(string appIdentifier, string email, int limit, CancellationToken cancellationToken = default) =>
            _inner.FindByEmailAsync(appIdentifier, email, limit, cancellationToken);

        public ValueTask<UserCreation> CreateAsync(ParaUser user, CancellationToken cancellationToken = default) => _inner.CreateAsync(user, cancellationToken);

        public ValueTask<bool> AddIdentifierAsync(string appIdentifier, string identifier, string userId, CancellationToken cancellationToken = default) =>
            _inner.AddIdentifierAsync(appIdentifier, identifier, userId, cancellationToken);

        public ValueTask UpdateAsync(ParaUser user, CancellationToken cancellationToken = default) =>
            FailUpdates ? throw new InvalidOperationException("the store is down") : _inner.UpdateAsync(user, cancellationToken);
    }

    private sealed class CountingAppStore : IAppStore
    {
        private readonly InMemoryAppStore _inner = new();

        public int Reads { get; private set; }

        public ValueTask<ParaApp?> FindAsync(string appId, CancellationToken cancellationToken = default)
        {
            Reads++;
            return _inner.FindAsync(appId, cancellationToken);
        }

        public ValueTask<bool> CreateAsync(ParaApp app, CancellationToken cancellationToken = default) => _inner.CreateAsync(app, cancellationToken);

        public ValueTask UpdateAsync(ParaApp app, CancellationToken cancellationToken = default) => _inner.UpdateAsync(app, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken = default) => _inner.ListIdsAsync(cancellationToken);
    }
}
