// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Storage;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>The store contract against SQLite, in a temporary file of the fixture's own.</summary>
[TestFixture]
public class SqliteStoreTests : StoreContractTests
{
    private readonly SqliteDatabases _databases = new();
    private DirectoryInfo _directory = null!;

    protected override async Task<(IAppStore Apps, IUserStore Users)> CreateStoresAsync()
    {
        _directory = Directory.CreateTempSubdirectory("para-sqlite-");
        var file = Path.Combine(_directory.FullName, "para.db");
        var database = _databases.Open(file);
        await new SqliteStoreInitializer(database).InitializeAsync(CancellationToken.None);
        return Wrap(new SqliteAppStore(database), new SqliteUserStore(database));
    }

    /// <summary>Puts whatever a derived fixture tests in front of the SQLite stores; nothing here.</summary>
    protected virtual (IAppStore Apps, IUserStore Users) Wrap(SqliteAppStore apps, SqliteUserStore users) => (apps, users);

    protected override Task DisposeStoresAsync()
    {
        _databases.Dispose();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
