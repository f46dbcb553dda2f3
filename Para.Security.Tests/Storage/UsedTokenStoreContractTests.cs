// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Storage;

namespace Para.Security.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IUsedTokenStore"/> must have: first use wins exactly once, even under concurrency,
/// an expired record no longer blocks, and expired records are purged. Each concrete fixture only says how to make its
/// store and count its records.
/// </summary>
public abstract class UsedTokenStoreContractTests
{
    private const long Now = 1_780_000_000_000;

    protected IUsedTokenStore Store { get; private set; } = null!;

    /// <summary>Creates the store under test, with its schema in place.</summary>
    protected abstract Task<IUsedTokenStore> CreateStoreAsync();

    /// <summary>Counts the records the store holds, expired ones included, by looking at its storage directly.</summary>
    protected abstract Task<long> CountRecordsAsync();

    /// <summary>Releases whatever <see cref="CreateStoreAsync"/> made.</summary>
    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task CreateStore() => Store = await CreateStoreAsync();

    [OneTimeTearDown]
    public Task DisposeStore() => DisposeStoreAsync();

    [Test]
    public async Task TryUseAsync_FirstUse_ReturnsTrue()
    {
        // Arrange
        var digest = NewDigest();

        // Act
        var first = await Store.TryUseAsync(digest, Now + 60_000, Now);

        // Assert
        Assert.That(first, Is.True);
    }

    [Test]
    public async Task TryUseAsync_SecondUseBeforeExpiry_ReturnsFalse()
    {
        // Arrange
        var digest = NewDigest();
        await Store.TryUseAsync(digest, Now + 60_000, Now);

        // Act
        var second = await Store.TryUseAsync(digest, Now + 60_000, Now + 59_999);

        // Assert
        Assert.That(second, Is.False);
    }

    [Test]
    public async Task TryUseAsync_AfterTheRecordExpired_ReturnsTrueAgain()
    {
        // Arrange
        var digest = NewDigest();
        await Store.TryUseAsync(digest, Now + 60_000, Now);

        // Act
        var later = await Store.TryUseAsync(digest, Now + 200_000, Now + 60_000);
        var again = await Store.TryUseAsync(digest, Now + 200_000, Now + 60_001);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(later, Is.True, "a record whose expiry has come counts as absent");
            Assert.That(again, Is.False, "the renewed record blocks again");
        });
    }

    [Test]
    public async Task TryUseAsync_DifferentDigests_DoNotInterfere()
    {
        // Arrange
        var a = NewDigest();
        var b = NewDigest();
        await Store.TryUseAsync(a, Now + 60_000, Now);

        // Act
        var other = await Store.TryUseAsync(b, Now + 60_000, Now);

        // Assert
        Assert.That(other, Is.True);
    }

    [Test]
    public async Task TryUseAsync_SixteenConcurrentUsesOfOneDigest_ExactlyOneWins()
    {
        // Arrange
        var digest = NewDigest();

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Store.TryUseAsync(digest, Now + 60_000, Now).AsTask())));

        // Assert
        Assert.That(results.Count(r => r), Is.EqualTo(1));
    }

    [Test]
    public async Task TryUseAsync_PurgeOfOtherExpiredRecords_DeletesThemAndKeepsLiveRecords()
    {
        // Arrange: a live record, an expired one, then a call far enough in the future to purge. An expired record
        // counts as absent whether or not it was purged, so only the storage itself shows that the purge ran.
        var live = NewDigest();
        var expired = NewDigest();
        await Store.TryUseAsync(live, Now + 10_000_000, Now);
        await Store.TryUseAsync(expired, Now + 1_000, Now);
        var before = await CountRecordsAsync();

        // Act
        await Store.TryUseAsync(NewDigest(), Now + 10_000_000, Now + 5_000_000);
        var after = await CountRecordsAsync();
        var liveAgain = await Store.TryUseAsync(live, Now + 10_000_000, Now + 5_000_001);

        // Assert: the call added one record, so without a purge the count would have grown by one.
        Assert.Multiple(() =>
        {
            Assert.That(after, Is.LessThanOrEqualTo(before), "the purge deleted the expired record (and any other expired one)");
            Assert.That(liveAgain, Is.False, "the purge kept the live record");
        });
    }

    private static string NewDigest() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
}
