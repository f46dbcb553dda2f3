// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Para.Security.Storage;
using Para.Security.Storage.Caching;
using Para.Security.Storage.InMemory;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>Binding and validation of <c>para.dao</c>, <c>para.sqlite.file</c> and <c>para.postgresql.connection_string</c>, and the DI wiring.</summary>
[TestFixture]
public sealed class StoreOptionsTests
{
    [Test]
    public void ReadFrom_NoKeys_DefaultsToSqliteInDataParaDb()
    {
        // Arrange
        var options = new StoreOptions();

        // Act
        options.ReadFrom(Configuration());

        // Assert
        Assert.That(options.Dao, Is.EqualTo("sqlite"));
        Assert.That(options.SqliteFile, Is.EqualTo("data/para.db"));
        Assert.That(options.PostgreSqlConnectionString, Is.Null);
        Assert.That(Validate(options).Succeeded, Is.True);
    }

    [Test]
    public void ReadFrom_AllKeys_BindsThem()
    {
        // Arrange
        var options = new StoreOptions();

        // Act
        options.ReadFrom(Configuration(("dao", "postgresql"), ("sqlite:file", "/var/para/x.db"), ("postgresql:connection_string", "Host=db;Database=para")));

        // Assert
        Assert.That(options.Dao, Is.EqualTo("postgresql"));
        Assert.That(options.SqliteFile, Is.EqualTo("/var/para/x.db"));
        Assert.That(options.PostgreSqlConnectionString, Is.EqualTo("Host=db;Database=para"));
    }

    [Test]
    public void Validate_UnsupportedDao_FailsNamingTheKeyAndTheFix()
    {
        // Arrange
        var options = Read(("dao", "H2DAO"));

        // Act
        var result = Validate(options);

        // Assert
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Is.EqualTo(
            "para.dao = \"H2DAO\" is not supported: use \"sqlite\", \"postgresql\" or \"memory\" (set it in conf/application.conf or PARA_DAO)."));
    }

    [Test]
    public void Validate_PostgreSqlWithoutConnectionString_FailsNamingTheKeyAndTheFix()
    {
        // Arrange
        var options = Read(("dao", "postgresql"));

        // Act
        var result = Validate(options);

        // Assert
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.StartWith("para.postgresql.connection_string is missing, but para.dao = \"postgresql\" needs it:"));
        Assert.That(result.FailureMessage, Does.Contain("PARA_POSTGRESQL_CONNECTION_STRING"));
    }

    [Test]
    public void Validate_MalformedConnectionString_FailsWithoutEchoingIt()
    {
        // Arrange
        var options = Read(("dao", "postgresql"), ("postgresql:connection_string", "Hots=db;Password=hunter2"));

        // Act
        var result = Validate(options);

        // Assert
        Assert.That(result.FailureMessage, Does.StartWith("para.postgresql.connection_string is not a valid Npgsql connection string"));
        Assert.That(result.FailureMessage, Does.Not.Contain("hunter2"));
    }

    [Test]
    public void Validate_EmptySqliteFile_FailsNamingTheKey()
    {
        // Arrange
        var options = Read(("sqlite:file", " "));

        // Act
        var result = Validate(options);

        // Assert
        Assert.That(result.FailureMessage, Does.StartWith("para.sqlite.file is empty:"));
    }

    [TestCase("SQLite")]
    [TestCase(" memory ")]
    [TestCase("PostgreSQL")]
    public void Validate_DaoInAnyCase_Succeeds(string dao)
    {
        // Arrange
        var options = Read(("dao", dao), ("postgresql:connection_string", "Host=db;Database=para"));

        // Act
        var result = Validate(options);

        // Assert
        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public async Task AddParaStorage_CacheDisabled_RegistersTheSqliteStoresThemselves()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("para-sqlite-nocache-");
        using var host = BuildHost(("sqlite:file", Path.Combine(directory.FullName, "para.db")), ("cache:enabled", "false"));

        try
        {
            // Act
            await host.StartAsync();

            // Assert
            Assert.That(host.Services.GetRequiredService<IAppStore>(), Is.TypeOf<SqliteAppStore>());
            Assert.That(host.Services.GetRequiredService<IUserStore>(), Is.TypeOf<SqliteUserStore>());
            await host.StopAsync();
        }
        finally
        {
            host.Dispose(); // closes the host's SQLite sessions
            directory.Delete(recursive: true);
        }
    }

    [TestCase("ttl", "0s", "para.cache.ttl must be a positive duration such as 5s, not 0s")]
    [TestCase("ttl", "-5s", "para.cache.ttl must be a positive duration such as 5s, not -5s")]
    [TestCase("max_entries", "0", "para.cache.max_entries = 0 must be at least 1")]
    public async Task AddParaStorage_InvalidCacheSetting_HostStartFailsNamingTheKey(string key, string value, string message)
    {
        // Arrange
        using var host = BuildHost(("dao", "memory"), ("cache:" + key, value));

        // Act
        async Task Start() => await host.StartAsync();

        // Assert
        var error = Assert.ThrowsAsync<OptionsValidationException>(Start);
        Assert.That(error!.Message, Does.Contain(message).And.Contain("para.cache.enabled = false"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task AddParaStorage_UnsupportedDao_HostStartFailsWithTheMessage()
    {
        // Arrange
        using var host = BuildHost(("dao", "H2DAO"));

        // Act
        async Task Start() => await host.StartAsync();

        // Assert
        var error = Assert.ThrowsAsync<OptionsValidationException>(Start);
        Assert.That(error!.Message, Does.Contain("para.dao = \"H2DAO\" is not supported"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task AddParaStorage_Memory_RegistersMemoryStoresAsSingletons()
    {
        // Arrange
        using var host = BuildHost(("dao", "memory"));

        // Act
        await host.StartAsync();

        // Assert
        Assert.That(host.Services.GetRequiredService<IAppStore>(), Is.TypeOf<InMemoryAppStore>());
        Assert.That(host.Services.GetRequiredService<IUserStore>(), Is.TypeOf<InMemoryUserStore>());
        Assert.That(host.Services.GetRequiredService<IUsedTokenStore>(), Is.TypeOf<InMemoryUsedTokenStore>());
        var first = host.Services.GetRequiredService<IUserStore>();
        var second = host.Services.GetRequiredService<IUserStore>();
        Assert.That(second, Is.SameAs(first));
        await host.StopAsync();
    }

    [Test]
    public async Task AddParaStorage_DefaultSqlite_CreatesTheSchemaWhileTheHostStarts()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("para-sqlite-host-");
        var file = Path.Combine(directory.FullName, "data", "para.db");
        using var host = BuildHost(("sqlite:file", file));

        try
        {
            // Act
            await host.StartAsync();

            // Assert
            Assert.That(host.Services.GetRequiredService<IAppStore>(), Is.TypeOf<CachingAppStore>().With.Property(nameof(CachingAppStore.Inner)).TypeOf<SqliteAppStore>());
            Assert.That(host.Services.GetRequiredService<IUserStore>(), Is.TypeOf<CachingUserStore>().With.Property(nameof(CachingUserStore.Inner)).TypeOf<SqliteUserStore>());
            Assert.That(host.Services.GetRequiredService<IUsedTokenStore>(), Is.TypeOf<SqliteUsedTokenStore>());
            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT MAX(version) FROM schema_version";
            Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(3L), "every migration was applied");
            await host.StopAsync();
        }
        finally
        {
            host.Dispose(); // closes the host's SQLite sessions
            directory.Delete(recursive: true);
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] keys) => new ConfigurationBuilder()
        .AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>("para:" + k.Key, k.Value)))
        .Build();

    private static StoreOptions Read(params (string Key, string Value)[] keys)
    {
        var options = new StoreOptions();
        options.ReadFrom(Configuration(keys));
        return options;
    }

    private static ValidateOptionsResult Validate(StoreOptions options) => new StoreOptionsValidator().Validate(Options.DefaultName, options);

    private static IHost BuildHost(params (string Key, string Value)[] keys)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(Configuration(keys));
        builder.Services.AddParaStorage(builder.Configuration);
        return builder.Build();
    }
}
