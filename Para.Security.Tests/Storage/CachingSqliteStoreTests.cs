// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;
using Para.Security.Storage;
using Para.Security.Storage.Caching;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>The store contract against the read cache in front of SQLite: caching must not change what a store answers.</summary>
[TestFixture]
public sealed class CachingSqliteStoreTests : StoreContractTests
{
    private DirectoryInfo _directory = null!;

    protected override async Task<(IAppStore Apps, IUserStore Users)> CreateStoresAsync()
    {
        _directory = Directory.CreateTempSubdirectory("para-sqlite-cached-");
        var file = Path.Combine(_directory.FullName, "para.db");
        await new SqliteStoreInitializer(file).InitializeAsync(CancellationToken.None);
        var options = new StoreCacheOptions();
        return (new CachingAppStore(new SqliteAppStore(file), options, TimeProvider.System), new CachingUserStore(new SqliteUserStore(file), options, TimeProvider.System));
    }

    protected override Task DisposeStoresAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
