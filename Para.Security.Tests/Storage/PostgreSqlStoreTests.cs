// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using Npgsql;
using Para.Security.Storage;
using Para.Security.Storage.PostgreSql;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Storage;

/// <summary>The store contract against PostgreSQL: a database of its own on the shared throwaway local cluster.</summary>
[TestFixture]
public sealed class PostgreSqlStoreTests : StoreContractTests
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<(IAppStore Apps, IUserStore Users)> CreateStoresAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var cluster = await PostgresCluster.GetSharedAsync();
        _dataSource = NpgsqlDataSource.Create(await cluster.CreateDatabaseAsync("store_contract"));
        await new PostgreSqlStoreInitializer(_dataSource).InitializeAsync(CancellationToken.None);
        TestContext.Progress.WriteLine($"PostgreSQL store fixture ready in {stopwatch.ElapsedMilliseconds} ms (cluster start {cluster.StartupTime.TotalMilliseconds:F0} ms, port {cluster.Port}).");
        return (new PostgreSqlAppStore(_dataSource), new PostgreSqlUserStore(_dataSource));
    }

    protected override async Task DisposeStoresAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
