// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;
using Para.Security.Identity;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>The connection settings of <see cref="SqliteDatabase"/>, on new and on pooled connections, and its kept-open sessions.</summary>
[TestFixture]
public sealed class SqliteDatabaseTests
{
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("para-sqlite-db-");

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteDatabase.CloseIdleConnections();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task OpenAsync_NewAndPooledConnections_HaveBusyTimeoutAndNormalSync()
    {
        // Arrange
        var database = new SqliteDatabase(Path.Combine(_directory.FullName, "para.db"));
        var seen = new List<(long BusyTimeout, long Synchronous)>();

        // Act: the first open creates the native connection, the next ones reuse it from the pool.
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            seen.Add((await ScalarAsync(connection, "PRAGMA busy_timeout"), await ScalarAsync(connection, "PRAGMA synchronous")));
        }

        SqliteDatabase.CloseIdleConnections();
        await using (var fresh = await database.OpenAsync(CancellationToken.None))
        {
            seen.Add((await ScalarAsync(fresh, "PRAGMA busy_timeout"), await ScalarAsync(fresh, "PRAGMA synchronous")));
        }

        // Assert: 30 s and NORMAL (1) every time, also on a native connection opened after the pool was cleared.
        Assert.That(seen, Is.All.EqualTo((30_000L, 1L)));
    }

    [Test]
    public async Task RunWriteAsync_ConcurrentWriters_AllSucceed()
    {
        // Arrange
        var file = Path.Combine(_directory.FullName, "para.db");
        var database = new SqliteDatabase(file);
        await database.RunAsync(async (c, ct) => await ExecuteAsync(c.Connection, "CREATE TABLE t (n INTEGER NOT NULL)", ct), CancellationToken.None);

        // Act: two store instances on one file share the writer queue.
        var other = new SqliteDatabase(file);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? database : other)
            .RunWriteAsync(async (c, ct) => await ExecuteAsync(c.Connection, $"INSERT INTO t (n) VALUES ({i})", ct), CancellationToken.None).AsTask()));

        // Assert
        var count = await database.RunAsync(async (c, _) => await ScalarAsync(c.Connection, "SELECT COUNT(*) FROM t"), CancellationToken.None);
        Assert.That(count, Is.EqualTo(40));
    }

    [Test]
    public async Task RunWriteAsync_AgainOnTheSameFile_ReusesTheWriterSessionAndItsCompiledCommand()
    {
        // Arrange: two store instances on one file share its writer session.
        var file = Path.Combine(_directory.FullName, "para.db");
        var database = new SqliteDatabase(file);
        var other = new SqliteDatabase(file);
        await database.RunWriteAsync(async (c, ct) => await ExecuteAsync(c.Connection, "CREATE TABLE t (n INTEGER NOT NULL)", ct), CancellationToken.None);

        // Act
        var first = await database.RunWriteAsync((s, ct) => InsertAsync(s, 1, ct), CancellationToken.None);
        var second = await other.RunWriteAsync((s, ct) => InsertAsync(s, 2, ct), CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(second.Session, Is.SameAs(first.Session));
            Assert.That(second.Command, Is.SameAs(first.Command), "the statement is compiled once");
            Assert.That(second.Session.Connection.State, Is.EqualTo(System.Data.ConnectionState.Open));
        });
    }

    [Test]
    public async Task RunWriteAsync_OperationFails_ClosesItsSessionAndTheNextWriteOpensAnother()
    {
        // Arrange
        var database = new SqliteDatabase(Path.Combine(_directory.FullName, "para.db"));
        SqliteSession? failed = null;

        // Act
        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await database.RunWriteAsync<int>(
            (s, _) =>
            {
                failed = s;
                throw new InvalidOperationException("the operation failed half-way");
            },
            CancellationToken.None));
        var next = await database.RunWriteAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo("the operation failed half-way"));
            Assert.That(failed!.Connection.State, Is.EqualTo(System.Data.ConnectionState.Closed), "a session in an unknown state is not reused");
            Assert.That(next, Is.Not.SameAs(failed));
        });
    }

    [Test]
    public async Task UserUpdates_ThousandsOnTheKeptWriterSession_LeaveTheWalCheckpointed()
    {
        // Arrange
        var file = Path.Combine(_directory.FullName, "para.db");
        await new SqliteStoreInitializer(file).InitializeAsync(CancellationToken.None);
        var users = new SqliteUserStore(file);
        var user = (await users.CreateAsync(new ParaUser { Id = "u1", AppId = "para", Identifier = "az:1", TokenSecret = "s", Active = true, Timestamp = 1 })).User;

        // Act: every update is its own commit, each appending pages to the WAL file.
        for (var i = 0; i < 3000; i++)
        {
            user.TokenSecret = "secret-" + i;
            await users.UpdateAsync(user);
        }

        // Assert: SQLite's automatic checkpoint (every 1,000 pages, about 4 MB) ran and the WAL file was reused.
        var wal = new FileInfo(file + "-wal").Length;
        Assert.Multiple(() =>
        {
            Assert.That(wal, Is.LessThan(8L << 20), $"the WAL file is {wal} bytes");
            Assert.That(user.Version, Is.EqualTo(3001));
        });
    }

    [Test]
    public async Task Sessions_UnusedForTheIdleTime_AreClosed()
    {
        // Arrange
        var database = new SqliteDatabase(Path.Combine(_directory.FullName, "para.db"));
        var writer = await database.RunWriteAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        var reader = await database.RunAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        Assume.That(writer.Connection.State, Is.EqualTo(System.Data.ConnectionState.Open));

        // Act: the idle check runs every half idle time.
        var deadline = DateTime.UtcNow.AddMilliseconds(SqliteSessionPool.IdleMilliseconds * 4);
        while ((writer.Connection.State != System.Data.ConnectionState.Closed || reader.Connection.State != System.Data.ConnectionState.Closed) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(writer.Connection.State, Is.EqualTo(System.Data.ConnectionState.Closed), "the writer session");
            Assert.That(reader.Connection.State, Is.EqualTo(System.Data.ConnectionState.Closed), "the reader session");
        });
    }

    [Test]
    public async Task CloseIdleConnections_ClosesKeptSessionsAtOnce()
    {
        // Arrange
        var database = new SqliteDatabase(Path.Combine(_directory.FullName, "para.db"));
        var writer = await database.RunWriteAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        var reader = await database.RunAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);

        // Act
        SqliteDatabase.CloseIdleConnections();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(writer.Connection.State, Is.EqualTo(System.Data.ConnectionState.Closed));
            Assert.That(reader.Connection.State, Is.EqualTo(System.Data.ConnectionState.Closed));
        });
    }

    private static async ValueTask<(SqliteSession Session, SqliteCommand Command)> InsertAsync(SqliteSession session, int n, CancellationToken cancellationToken)
    {
        var command = session.Command("INSERT INTO t (n) VALUES (@n)");
        command.Parameters.AddWithValue("@n", n);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (session, command);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
