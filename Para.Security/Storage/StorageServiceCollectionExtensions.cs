// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Para.Security.Storage;
using Para.Security.Storage.Caching;
using Para.Security.Storage.InMemory;
using Para.Security.Storage.PostgreSql;
using Para.Security.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Para's stores (<see cref="IAppStore"/>, <see cref="IUserStore"/>, <see cref="IUsedTokenStore"/>, <see cref="IStoreInitializer"/>).</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The service key of the <see cref="NpgsqlDataSource"/> that the PostgreSQL stores share.</summary>
    public const string DataSourceKey = "Para.Security.Storage";

    /// <summary>
    /// Registers the store that <c>para.dao</c> selects (<c>sqlite</c> by default, <c>postgresql</c> or <c>memory</c>) as
    /// singleton <see cref="IAppStore"/>, <see cref="IUserStore"/> and <see cref="IUsedTokenStore"/>, its <see cref="IStoreInitializer"/>, and a hosted
    /// service that creates or migrates the schema while the host starts, before the server listens. Invalid settings
    /// fail the host's start with a message that names the key and the fix. Stores registered before this call are kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration (keys under <c>para</c>).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddParaStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StoreOptions>().Configure(options => options.ReadFrom(configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());

        // The choice is made when a store is first resolved, from validated options, so that configuration sources
        // added after this call (tests, hosts) still count; Options throws the validation message otherwise.
        services.TryAddKeyedSingleton(DataSourceKey, (provider, _) => NpgsqlDataSource.Create(Options(provider).PostgreSqlConnectionString!));

        // One per host, like the data source: its sessions, writer queue and connection settings belong to this
        // container, which disposes it, so two hosts in one process (even on one file) share none of them.
        services.TryAddSingleton(provider => new SqliteDatabase(Options(provider).SqliteFile, Synchronous(provider)));

        // para.cache.ttl is a HOCON duration ("5s") in whatever source it comes from, not only a HOCON file.
        HoconConfigurationExtensions.RegisterHoconConverters();
        services.AddOptions<StoreCacheOptions>().Bind(configuration.GetSection(StoreCacheOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreCacheOptions>, StoreCacheOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAppStore>(provider => Options(provider).Kind switch
        {
            StoreKind.Sqlite => Cached(provider, new SqliteAppStore(Sqlite(provider))),
            StoreKind.PostgreSql => Cached(provider, new PostgreSqlAppStore(DataSource(provider))),
            _ => new InMemoryAppStore(),
        });
        services.TryAddSingleton<IUserStore>(provider => Options(provider).Kind switch
        {
            StoreKind.Sqlite => Cached(provider, new SqliteUserStore(Sqlite(provider))),
            StoreKind.PostgreSql => Cached(provider, new PostgreSqlUserStore(DataSource(provider))),
            _ => new InMemoryUserStore(),
        });
        services.TryAddSingleton<IUsedTokenStore>(provider => Options(provider).Kind switch
        {
            StoreKind.Sqlite => new SqliteUsedTokenStore(Sqlite(provider)),
            StoreKind.PostgreSql => new PostgreSqlUsedTokenStore(DataSource(provider)),
            _ => new InMemoryUsedTokenStore(),
        });
        services.TryAddSingleton<IStoreInitializer>(provider => Options(provider).Kind switch
        {
            StoreKind.Sqlite => new SqliteStoreInitializer(Sqlite(provider), provider.GetService<ILogger<SqliteStoreInitializer>>()),
            StoreKind.PostgreSql => new PostgreSqlStoreInitializer(DataSource(provider), provider.GetService<ILogger<PostgreSqlStoreInitializer>>()),
            _ => new InMemoryStoreInitializer(),
        });
        services.TryAddSingleton<IDataProtectionKeyStore>(provider => Options(provider).Kind switch
        {
            StoreKind.Sqlite => new SqliteDataProtectionKeyStore(Sqlite(provider)),
            StoreKind.PostgreSql => new PostgreSqlDataProtectionKeyStore(DataSource(provider)),
            _ => new InMemoryDataProtectionKeyStore(),
        });

        // Data Protection (sealed OAuth state) keeps its key ring in the store, so instances sharing it share keys.
        services.AddDataProtection().SetApplicationName("Para.Security");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IDataProtectionKeyStore>((options, keys) => options.XmlRepository = new StoreXmlRepository(keys));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StoreInitializerHostedService>());
        return services;
    }

    // The database stores get the read cache (para.cache); the memory store is its own cache.
    private static IAppStore Cached(IServiceProvider provider, IAppStore store) =>
        CacheOptions(provider) is { Enabled: true } options ? new CachingAppStore(store, options, provider.GetRequiredService<TimeProvider>()) : store;

    private static IUserStore Cached(IServiceProvider provider, IUserStore store) =>
        CacheOptions(provider) is { Enabled: true } options ? new CachingUserStore(store, options, provider.GetRequiredService<TimeProvider>()) : store;

    private static StoreCacheOptions CacheOptions(IServiceProvider provider) => provider.GetRequiredService<IOptions<StoreCacheOptions>>().Value;

    private static StoreOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<StoreOptions>>().Value;

    // Validated on start: the value names a mode.
    private static SqliteSynchronous Synchronous(IServiceProvider provider) => Options(provider).SqliteSynchronous ?? SqliteSynchronous.Full;

    private static SqliteDatabase Sqlite(IServiceProvider provider) => provider.GetRequiredService<SqliteDatabase>();

    private static NpgsqlDataSource DataSource(IServiceProvider provider) => provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey);
}
