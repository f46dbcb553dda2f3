// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Storage.Caching;
using Para.Security.Storage.PostgreSql;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Storage;

/// <summary>The PostgreSQL schema initializer on the shared throwaway cluster, each test in a fresh database.</summary>
[TestFixture]
public sealed class PostgreSqlMigrationTests
{
    private static readonly string[] AllMigrations = ["1:initial", "2:data_protection_keys", "3:used_tokens"];

    private PostgresCluster _cluster = null!;
    private string _connectionString = null!;

    [OneTimeSetUp]
    public async Task StartCluster() => _cluster = await PostgresCluster.GetSharedAsync();

    [SetUp]
    public async Task CreateDatabase() => _connectionString = await _cluster.CreateDatabaseAsync("migrate");

    [Test]
    public async Task InitializeAsync_FreshDatabase_RecordsSchemaVersion()
    {
        // Arrange
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);

        // Act
        await new PostgreSqlStoreInitializer(dataSource).InitializeAsync(CancellationToken.None);

        // Assert
        Assert.That(await VersionsAsync(dataSource), Is.EqualTo(AllMigrations));
    }

    [Test]
    public async Task InitializeAsync_Twice_IsANoOpThatKeepsData()
    {
        // Arrange
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await new PostgreSqlStoreInitializer(dataSource).InitializeAsync(CancellationToken.None);
        var apps = new PostgreSqlAppStore(dataSource);
        await apps.CreateAsync(new ParaApp { Id = "app:kept", Secret = "s", Timestamp = 1 });

        // Act
        await new PostgreSqlStoreInitializer(dataSource).InitializeAsync(CancellationToken.None);

        // Assert
        Assert.That(await VersionsAsync(dataSource), Is.EqualTo(AllMigrations));
        Assert.That(await apps.FindAsync("app:kept"), Is.Not.Null);
    }

    [Test]
    public async Task InitializeAsync_TwoMigratorsRacingOnOneDatabase_BothSucceedAndApplyOnce()
    {
        // Arrange: two "processes", each with a data source of its own.
        await using var first = NpgsqlDataSource.Create(_connectionString);
        await using var second = NpgsqlDataSource.Create(_connectionString);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = new[] { first, second }
            .Select(dataSource => Task.Run(async () =>
            {
                await start.Task;
                await new PostgreSqlStoreInitializer(dataSource).InitializeAsync(CancellationToken.None);
            }))
            .ToArray();

        // Act
        start.SetResult();
        await Task.WhenAll(runs);

        // Assert
        Assert.That(await VersionsAsync(first), Is.EqualTo(AllMigrations));
    }

    [Test]
    public async Task Identifiers_DuplicateRowWrittenDirectly_IsRejectedByTheDatabase()
    {
        // Arrange
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await new PostgreSqlStoreInitializer(dataSource).InitializeAsync(CancellationToken.None);
        await using (var setup = dataSource.CreateCommand("""
            INSERT INTO users (app_id, id, active, "groups", "timestamp", version) VALUES ('a', '1', true, 'users', 0, 1), ('a', '2', true, 'users', 0, 1);
            INSERT INTO identifiers (app_id, identifier, user_id) VALUES ('a', 'fb:1', '1');
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }

        // Act
        async Task InsertDuplicate()
        {
            await using var command = dataSource.CreateCommand("INSERT INTO identifiers (app_id, identifier, user_id) VALUES ('a', 'fb:1', '2')");
            await command.ExecuteNonQueryAsync();
        }

        // Assert
        Assert.That(InsertDuplicate, Throws.TypeOf<PostgresException>().With.Property(nameof(PostgresException.SqlState)).EqualTo(PostgresErrorCodes.UniqueViolation));
    }

    [Test]
    public async Task AddParaStorage_PostgreSql_MigratesWhileTheHostStarts()
    {
        // Arrange
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["para:dao"] = "postgresql",
            ["para:postgresql:connection_string"] = _connectionString,
        });
        builder.Services.AddParaStorage(builder.Configuration);
        using var host = builder.Build();

        // Act
        await host.StartAsync();
        var created = await host.Services.GetRequiredService<IAppStore>().CreateAsync(new ParaApp { Id = "app:hosted", Secret = "s", Timestamp = 1 });
        await host.StopAsync();

        // Assert
        Assert.That(host.Services.GetRequiredService<IAppStore>(), Is.TypeOf<CachingAppStore>().With.Property(nameof(CachingAppStore.Inner)).TypeOf<PostgreSqlAppStore>());
        Assert.That(host.Services.GetRequiredService<IUserStore>(), Is.TypeOf<CachingUserStore>().With.Property(nameof(CachingUserStore.Inner)).TypeOf<PostgreSqlUserStore>());
        Assert.That(created, Is.True);
    }

    private static async Task<List<string>> VersionsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT version, name FROM schema_version ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<string>();
        while (await reader.ReadAsync())
        {
            versions.Add($"{reader.GetInt32(0)}:{reader.GetString(1)}");
        }

        return versions;
    }
}
