// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;
using Para.Security.Identity;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>The SQLite schema initializer: versioned, idempotent, safe to race, and the constraints it creates.</summary>
[TestFixture]
public sealed class SqliteMigrationTests
{
    private static readonly string[] AllMigrations = ["1:initial", "2:data_protection_keys", "3:used_tokens"];

    private readonly SqliteDatabases _databases = new();
    private DirectoryInfo _directory = null!;
    private string _file = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Directory.CreateTempSubdirectory("para-sqlite-migrate-");
        _file = Path.Combine(_directory.FullName, "nested", "dir", "para.db");
    }

    [TearDown]
    public void DeleteDirectory()
    {
        _databases.Dispose();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task InitializeAsync_NewFileInMissingDirectory_CreatesItInWalModeAndRecordsVersion()
    {
        // Arrange
        var initializer = new SqliteStoreInitializer(_databases.Open(_file));

        // Act
        await initializer.InitializeAsync(CancellationToken.None);

        // Assert
        Assert.That(File.Exists(_file), Is.True);
        Assert.That(await ScalarAsync("PRAGMA journal_mode"), Is.EqualTo("wal"));
        Assert.That(await VersionsAsync(), Is.EqualTo(AllMigrations));
    }

    [Test]
    public async Task InitializeAsync_Twice_IsANoOpThatKeepsData()
    {
        // Arrange
        await new SqliteStoreInitializer(_databases.Open(_file)).InitializeAsync(CancellationToken.None);
        var apps = new SqliteAppStore(_databases.Open(_file));
        await apps.CreateAsync(new ParaApp { Id = "app:kept", Secret = "s", Timestamp = 1 });

        // Act
        await new SqliteStoreInitializer(_databases.Open(_file)).InitializeAsync(CancellationToken.None);

        // Assert
        Assert.That(await VersionsAsync(), Is.EqualTo(AllMigrations));
        Assert.That(await apps.FindAsync("app:kept"), Is.Not.Null);
    }

    [Test]
    public async Task InitializeAsync_FourInitializersRacingOnOneFile_AllSucceedAndApplyOnce()
    {
        // Arrange
        var initializers = Enumerable.Range(0, 4).Select(_ => new SqliteStoreInitializer(_databases.Open(_file))).ToArray();

        // Act
        await Task.WhenAll(initializers.Select(i => Task.Run(() => i.InitializeAsync(CancellationToken.None).AsTask())));

        // Assert
        Assert.That(await VersionsAsync(), Is.EqualTo(AllMigrations));
    }

    [Test]
    public async Task Identifiers_DuplicateRowWrittenDirectly_IsRejectedByTheDatabase()
    {
        // Arrange
        await new SqliteStoreInitializer(_databases.Open(_file)).InitializeAsync(CancellationToken.None);
        await ScalarAsync("""
            INSERT INTO users (app_id, id, active, "groups", "timestamp", version) VALUES ('a', '1', 1, 'users', 0, 1), ('a', '2', 1, 'users', 0, 1);
            INSERT INTO identifiers (app_id, identifier, user_id) VALUES ('a', 'fb:1', '1');
            """);

        // Act
        async Task InsertDuplicate() => await ScalarAsync("INSERT INTO identifiers (app_id, identifier, user_id) VALUES ('a', 'fb:1', '2')");

        // Assert
        Assert.That(InsertDuplicate, Throws.TypeOf<SqliteException>().With.Property(nameof(SqliteException.SqliteErrorCode)).EqualTo(19));
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file};Foreign Keys=True");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<List<string>> VersionsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM schema_version ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<string>();
        while (await reader.ReadAsync())
        {
            versions.Add($"{reader.GetInt64(0)}:{reader.GetString(1)}");
        }

        return versions;
    }
}
