// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;
using Para.Security.Storage;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>The used-token contract against SQLite (migration 2), in a temporary file; two store instances share it.</summary>
[TestFixture]
public sealed class SqliteUsedTokenStoreTests : UsedTokenStoreContractTests
{
    private readonly SqliteDatabases _databases = new();
    private DirectoryInfo _directory = null!;
    private string _file = null!;

    protected override async Task<IUsedTokenStore> CreateStoreAsync()
    {
        _directory = Directory.CreateTempSubdirectory("para-sqlite-used-");
        _file = Path.Combine(_directory.FullName, "para.db");
        var database = _databases.Open(_file);
        await new SqliteStoreInitializer(database).InitializeAsync(CancellationToken.None);
        return new SqliteUsedTokenStore(database);
    }

    protected override async Task<long> CountRecordsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM used_tokens";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Test]
    public async Task TryUseAsync_TwoInstancesOnOneFile_SeeEachOthersRecords()
    {
        // Arrange
        var other = new SqliteUsedTokenStore(_databases.Open(_file));
        await Store.TryUseAsync("shared-digest", 2_000_000_000_000, 1_780_000_000_000);

        // Act
        var second = await other.TryUseAsync("shared-digest", 2_000_000_000_000, 1_780_000_000_000);

        // Assert
        Assert.That(second, Is.False);
    }

    protected override Task DisposeStoreAsync()
    {
        _databases.Dispose();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
