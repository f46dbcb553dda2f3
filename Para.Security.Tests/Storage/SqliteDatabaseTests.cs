// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;
using Para.Security.Identity;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>The connection settings of <see cref="SqliteDatabase"/>, on new and on pooled connections, and its kept-open sessions.</summary>
[TestFixture]
public sealed class SqliteDatabaseTests
{
    private readonly SqliteDatabases _databases = new();
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("para-sqlite-db-");

    [TearDown]
    public void DeleteDirectory()
    {
        _databases.Dispose();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task OpenAsync_NewAndPooledConnections_HaveBusyTimeoutFullSyncAndTheCheckpointInterval()
    {
        // Arrange
        var database = _databases.Open(Path.Combine(_directory.FullName, "para.db"));
        var seen = new List<(long BusyTimeout, long Synchronous, long WalAutoCheckpoint)>();

        // Act: the first open creates the native connection, the next ones reuse it from the pool.
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            seen.Add((await ScalarAsync(connection, "PRAGMA busy_timeout"), await ScalarAsync(connection, "PRAGMA synchronous"), await ScalarAsync(connection, "PRAGMA wal_autocheckpoint")));
        }

        database.CloseIdleConnections();
        await using (var fresh = await database.OpenAsync(CancellationToken.None))
        {
            seen.Add((await ScalarAsync(fresh, "PRAGMA busy_timeout"), await ScalarAsync(fresh, "PRAGMA synchronous"), await ScalarAsync(fresh, "PRAGMA wal_autocheckpoint")));
        }

        // Assert: 30 s and FULL (2, the default) every time, also on a native connection opened after the pool was cleared.
        Assert.That(seen, Is.All.EqualTo((30_000L, 2L, 20_000L)));
    }

    [Test]
    public async Task RunWriteAsync_ConcurrentWriters_AllSucceed()
    {
        // Arrange
        var file = Path.Combine(_directory.FullName, "para.db");
        var database = _databases.Open(file);
        await database.RunAsync(async (c, ct) => await ExecuteAsync(c.Connection, "CREATE TABLE t (n INTEGER NOT NULL)", ct), CancellationToken.None);

        // Act: two databases on one file (as two hosts would have) each queue their own writes; SQLite's lock orders them.
        var other = _databases.Open(file);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? database : other)
            .RunWriteAsync(async (c, ct) => await ExecuteAsync(c.Connection, $"INSERT INTO t (n) VALUES ({i})", ct), CancellationToken.None).AsTask()));

        // Assert
        var count = await database.RunAsync(async (c, _) => await ScalarAsync(c.Connection, "SELECT COUNT(*) FROM t"), CancellationToken.None);
        Assert.That(count, Is.EqualTo(40));
    }

    [Test]
    public async Task RunWriteAsync_AgainOnTheSameFile_ReusesTheWriterSessionAndItsCompiledCommand()
    {
        // Arrange: the stores of a host take one database, so they share its writer session.
        var database = _databases.Open(Path.Combine(_directory.FullName, "para.db"));
        await database.RunWriteAsync(async (c, ct) => await ExecuteAsync(c.Connection, "CREATE TABLE t (n INTEGER NOT NULL)", ct), CancellationToken.None);

        // Act
        var first = await database.RunWriteAsync((s, ct) => InsertAsync(s, 1, ct), CancellationToken.None);
        var second = await database.RunWriteAsync((s, ct) => InsertAsync(s, 2, ct), CancellationToken.None);

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
        var database = _databases.Open(Path.Combine(_directory.FullName, "para.db"));
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
        var database = _databases.Open(file);
        await new SqliteStoreInitializer(database).InitializeAsync(CancellationToken.None);
        var users = new SqliteUserStore(database);
        var user = (await users.CreateAsync(new ParaUser { Id = "u1", AppId = "para", Identifier = "az:1", TokenSecret = "s", Active = true, Timestamp = 1 })).User;

        // Act: every update is its own commit, each appending about two pages to the WAL file.
        for (var i = 0; i < 10_000; i++)
        {
            user.TokenSecret = "secret-" + i;
            await users.UpdateAsync(user);
        }

        // Assert: the checkpoints beside the writes (every 2,000 writes) ran and the WAL file was reused; had only the
        // automatic checkpoint run (at 20,000 pages), the file would be about 80 MB.
        var wal = new FileInfo(file + "-wal").Length;
        Assert.Multiple(() =>
        {
            Assert.That(wal, Is.LessThan(24L << 20), $"the WAL file is {wal} bytes");
            Assert.That(user.Version, Is.EqualTo(10_001));
        });
    }

    [Test]
    public async Task Sessions_UnusedForTheIdleTime_AreClosed()
    {
        // Arrange
        var database = _databases.Open(Path.Combine(_directory.FullName, "para.db"));
        var writer = await database.RunWriteAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        var reader = await database.RunAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        Assert.That(writer.Connection.State, Is.EqualTo(System.Data.ConnectionState.Open), "the writer session is kept open after its write");

        // Act: the idle check runs every half idle time on the pool's real-time timer (SqliteSessionPool has no clock to
        // fake), so this waits the idle time for real; the deadline is only there for a broken pool, and is generous so
        // that a loaded machine's late timer ticks do not fail the test.
        var deadline = DateTime.UtcNow.AddSeconds(60);
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
        var database = _databases.Open(Path.Combine(_directory.FullName, "para.db"));
        var writer = await database.RunWriteAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        var reader = await database.RunAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);

        // Act
        database.CloseIdleConnections();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(writer.Connection.State, Is.EqualTo(System.Data.ConnectionState.Closed));
            Assert.That(reader.Connection.State, Is.EqualTo(System.Data.ConnectionState.Closed));
        });
    }

    [Test]
    public async Task RunAsync_TwoDatabasesOnOneFile_KeepSessionsOfTheirOwn()
    {
        // Arrange: what two hosts in one process on one file have.
        var file = Path.Combine(_directory.FullName, "para.db");
        var database = _databases.Open(file);
        var other = _databases.Open(file);

        // Act
        var writer = await database.RunWriteAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        var otherWriter = await other.RunWriteAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        var reader = await database.RunAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);
        var otherReader = await other.RunAsync((s, _) => ValueTask.FromResult(s), CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(otherWriter, Is.Not.SameAs(writer), "the writer session");
            Assert.That(otherReader, Is.Not.SameAs(reader), "the reader session");
        });
    }

    [Test]
    public async Task Dispose_OneOfTwoDatabasesOnOneFile_ClosesOnlyItsSessionsAndTheOtherKeepsWorking()
    {
        // Arrange
        var file = Path.Combine(_directory.FullName, "para.db");
        var database = _databases.Open(file);
        var other = _databases.Open(file);
        await database.RunWriteAsync(async (c, ct) => await ExecuteAsync(c.Connection, "CREATE TABLE t (n INTEGER NOT NULL)", ct), CancellationToken.None);
        var writer = await database.RunWriteAsync((s, ct) => InsertAsync(s, 1, ct), CancellationToken.None);
        var otherWriter = await other.RunWriteAsync((s, ct) => InsertAsync(s, 2, ct), CancellationToken.None);

        // Act
        database.Dispose();
        var next = await other.RunWriteAsync((s, ct) => InsertAsync(s, 3, ct), CancellationToken.None);

        // Assert
        var count = await other.RunAsync(async (c, _) => await ScalarAsync(c.Connection, "SELECT COUNT(*) FROM t"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(writer.Session.Connection.State, Is.EqualTo(System.Data.ConnectionState.Closed), "the disposed database's session");
            Assert.That(next.Session, Is.SameAs(otherWriter.Session), "the other database keeps its writer session");
            Assert.That(next.Session.Connection.State, Is.EqualTo(System.Data.ConnectionState.Open));
            Assert.That(count, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task RunWriteAsync_WritesQueuedBehindARunningOne_RunInOneTransactionEachWithItsOwnResult()
    {
        // Arrange: the first write holds the writer session until the others are queued behind it.
        var database = await CreateTableAsync("n INTEGER NOT NULL");
        var (first, release) = StartWriteHeldUntilReleased(database);

        // Act
        var queued = Enumerable.Range(1, 20).Select(i => database.RunWriteAsync(
            async (s, ct) =>
            {
                var batched = s.Transaction is not null;
                await InsertAsync(s, i, ct);
                return (Batched: batched, N: i);
            },
            CancellationToken.None).AsTask()).ToList();
        release.SetResult();
        await first;
        var results = await Task.WhenAll(queued);

        // Assert
        var count = await database.RunAsync(async (c, _) => await ScalarAsync(c.Connection, "SELECT COUNT(*) FROM t"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(21));
            Assert.That(results.Select(r => r.N), Is.EqualTo(Enumerable.Range(1, 20)), "each caller gets its own operation's result");
            Assert.That(results.All(r => r.Batched), Is.True, "the queued writes ran in the batch's transaction");
        });
    }

    [Test]
    public async Task RunWriteAsync_OneWriteOfABatchFails_TheOthersAreCommittedAndOnlyItsCallerSeesTheError()
    {
        // Arrange: a unique column, and a first write that holds the session until the batch is queued.
        var database = await CreateTableAsync("n INTEGER NOT NULL UNIQUE");
        var (first, release) = StartWriteHeldUntilReleased(database);

        // Act: write 5 inserts a value that write 2 inserted already.
        var queued = Enumerable.Range(1, 8).Select(i => database.RunWriteAsync(
            async (s, ct) => (await InsertAsync(s, i == 5 ? 2 : i, ct)).Session.Transaction is not null,
            CancellationToken.None).AsTask()).ToList();
        release.SetResult();
        await first;
        var outcomes = await Task.WhenAll(queued.Select(async t =>
        {
            try
            {
                await t;
                return "ok";
            }
            catch (SqliteException e)
            {
                return "error " + e.SqliteExtendedErrorCode;
            }
        }));

        // Assert
        var values = await database.RunAsync(async (c, _) => await ValueAsync(c.Connection, "SELECT group_concat(n, ',') FROM (SELECT n FROM t ORDER BY n)"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(new[] { "ok", "ok", "ok", "ok", "error 2067", "ok", "ok", "ok" }));
            Assert.That(values, Is.EqualTo("0,1,2,3,4,6,7,8"), "the batch was rolled back and its other writes committed one by one");
        });
    }

    [Test]
    public async Task RunWriteAsync_CanceledWhileQueued_IsCanceledAndWritesNothing()
    {
        // Arrange
        var database = await CreateTableAsync("n INTEGER NOT NULL");
        var (first, release) = StartWriteHeldUntilReleased(database);
        using var cancellation = new CancellationTokenSource();
        var queued = database.RunWriteAsync((s, ct) => InsertAsync(s, 1, ct), cancellation.Token).AsTask();

        // Act
        await cancellation.CancelAsync();
        release.SetResult();
        await first;

        // Assert
        Assert.That(async () => await queued, Throws.InstanceOf<OperationCanceledException>());
        var count = await database.RunAsync(async (c, _) => await ScalarAsync(c.Connection, "SELECT COUNT(*) FROM t"), CancellationToken.None);
        Assert.That(count, Is.EqualTo(1));
    }

    // A first write (inserting 0) that keeps the writer session until released, so that writes queue behind it.
    private static (Task First, TaskCompletionSource Release) StartWriteHeldUntilReleased(SqliteDatabase database)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = database.RunWriteAsync(
            async (s, ct) =>
            {
                await release.Task;
                return await InsertAsync(s, 0, ct);
            },
            CancellationToken.None).AsTask();
        return (first, release);
    }

    private async Task<SqliteDatabase> CreateTableAsync(string columns)
    {
        var database = _databases.Open(Path.Combine(_directory.FullName, "para.db"));
        await database.RunWriteAsync(async (c, ct) => await ExecuteAsync(c.Connection, $"CREATE TABLE t ({columns})", ct), CancellationToken.None);
        return database;
    }

    private static async ValueTask<(SqliteSession Session, SqliteCommand Command)> InsertAsync(SqliteSession session, int n, CancellationToken cancellationToken)
    {
        var command = session.Command("INSERT INTO t (n) VALUES (@n)");
        command.Parameters.AddWithValue("@n", n);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (session, command);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql) => (long)await ValueAsync(connection, sql);

    private static async Task<object> ValueAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
