// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Storage;
using Para.Security.Storage.Caching;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>The store contract against the read cache in front of SQLite: caching must not change what a store answers.</summary>
[TestFixture]
public sealed class CachingSqliteStoreTests : SqliteStoreTests
{
    protected override (IAppStore Apps, IUserStore Users) Wrap(SqliteAppStore apps, SqliteUserStore users) =>
        (new CachingAppStore(apps, new StoreCacheOptions(), TimeProvider.System), new CachingUserStore(users, new StoreCacheOptions(), TimeProvider.System));
}
