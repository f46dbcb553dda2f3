// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>The connection settings of <see cref="SqliteDatabase"/>, on new and on pooled connections.</summary>
[TestFixture]
public sealed class SqliteDatabaseTests
{
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("para-sqlite-db-");

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
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

        SqliteConnection.ClearAllPools();
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
        await database.RunAsync(async (c, ct) => await ExecuteAsync(c, "CREATE TABLE t (n INTEGER NOT NULL)", ct), CancellationToken.None);

        // Act: two store instances on one file share the writer queue.
        var other = new SqliteDatabase(file);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? database : other)
            .RunWriteAsync(async (c, ct) => await ExecuteAsync(c, $"INSERT INTO t (n) VALUES ({i})", ct), CancellationToken.None).AsTask()));

        // Assert
        var count = await database.RunAsync(async (c, _) => await ScalarAsync(c, "SELECT COUNT(*) FROM t"), CancellationToken.None);
        Assert.That(count, Is.EqualTo(40));
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
