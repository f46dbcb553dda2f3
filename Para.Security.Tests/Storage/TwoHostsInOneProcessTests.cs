// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Storage.Caching;
using Para.Security.Storage.Sqlite;
using Para.Security.Tests.Server;

namespace Para.Security.Tests.Storage;

/// <summary>
/// Two servers in one process, on two SQLite files and with different settings, share no storage state: their users,
/// their SQLite sessions and writer queues are their own, and disposing one leaves the other working.
/// </summary>
[TestFixture]
public sealed class TwoHostsInOneProcessTests
{
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("para-two-hosts-");

    [TearDown]
    public void DeleteDirectory() => _directory.Delete(recursive: true);

    [Test]
    public async Task Servers_OnTwoSqliteFiles_ShareNoUsersSessionsOrSettings()
    {
        // Arrange: the first with the read cache, the second without it.
        await using var first = await StartAsync("first.db");
        var second = await StartAsync("second.db", "--para.cache.enabled=false");
        await using var secondDisposal = second;

        // Act
        await first.Get<IUserStore>().CreateAsync(NewUser("u-first", "az:first"));
        var unseen = await second.Get<IUserStore>().FindByIdentifierAsync("para", "az:first");
        var firstSessions = await SessionsAsync(first);
        var secondSessions = await SessionsAsync(second);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(unseen, Is.Null, "a user written through the first server is not in the second");
            Assert.That(first.Get<SqliteDatabase>().FullPath, Does.EndWith("first.db"));
            Assert.That(second.Get<SqliteDatabase>().FullPath, Does.EndWith("second.db"));
            Assert.That(secondSessions.Writer, Is.Not.SameAs(firstSessions.Writer), "each has its own writer session");
            Assert.That(secondSessions.Reader, Is.Not.SameAs(firstSessions.Reader), "each has its own reader session");
            Assert.That(first.Get<IUserStore>(), Is.TypeOf<CachingUserStore>());
            Assert.That(second.Get<IUserStore>(), Is.TypeOf<SqliteUserStore>());
        });
    }

    [Test]
    public async Task Dispose_OneOfTwoServers_LeavesTheOtherReadingAndWriting()
    {
        // Arrange
        var first = await StartAsync("first.db");
        await using var second = await StartAsync("second.db");
        var firstSessions = await SessionsAsync(first);
        var secondSessions = await SessionsAsync(second);

        // Act
        await first.DisposeAsync();
        var created = await second.Get<IUserStore>().CreateAsync(NewUser("u-second", "az:second"));
        var found = await second.Get<IUserStore>().FindByIdAsync("para", "u-second");
        var after = await SessionsAsync(second);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(firstSessions.Writer.Connection.State, Is.EqualTo(System.Data.ConnectionState.Closed), "the disposed server's sessions are closed");
            Assert.That(created.Created, Is.True);
            Assert.That(found?.Identifier, Is.EqualTo("az:second"));
            Assert.That(after.Writer, Is.SameAs(secondSessions.Writer), "the other server keeps its writer session");
            Assert.That(after.Writer.Connection.State, Is.EqualTo(System.Data.ConnectionState.Open));
        });
    }

    private Task<ServerAppHost> StartAsync(string file, params string[] arguments) =>
        ServerAppHost.StartTestServerAsync(["--para.dao=sqlite", "--para.sqlite.file=" + Path.Combine(_directory.FullName, file), .. arguments]);

    // The sessions a server's stores run on now: its writer session and a reader session.
    private static async Task<(SqliteSession Writer, SqliteSession Reader)> SessionsAsync(ServerAppHost host)
    {
        var database = host.Get<SqliteDatabase>();
        var writer = await database.RunWriteAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        var reader = await database.RunAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        return (writer, reader);
    }

    private static ParaUser NewUser(string id, string identifier) => new()
    {
        Id = id, AppId = "para", Identifier = identifier, Name = "Someone", Active = true, TokenSecret = "secret", Timestamp = 1,
    };
}
