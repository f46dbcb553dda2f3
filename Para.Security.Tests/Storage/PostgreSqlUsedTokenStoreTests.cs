// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Npgsql;
using Para.Security.Storage;
using Para.Security.Storage.PostgreSql;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Storage;

/// <summary>The used-token contract against PostgreSQL (migration 2) on the shared throwaway cluster.</summary>
[TestFixture]
public sealed class PostgreSqlUsedTokenStoreTests : UsedTokenStoreContractTests
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IUsedTokenStore> CreateStoreAsync()
    {
        var cluster = await PostgresCluster.GetSharedAsync();
        _dataSource = NpgsqlDataSource.Create(await cluster.CreateDatabaseAsync("used_tokens"));
        await new PostgreSqlStoreInitializer(_dataSource).InitializeAsync(CancellationToken.None);
        return new PostgreSqlUsedTokenStore(_dataSource);
    }

    protected override async Task<long> CountRecordsAsync()
    {
        await using var command = _dataSource!.CreateCommand("SELECT count(*) FROM used_tokens");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task DisposeStoreAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
