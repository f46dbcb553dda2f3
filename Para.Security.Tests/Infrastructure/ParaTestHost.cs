// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Storage.InMemory;

namespace Para.Security.Tests.Infrastructure;

/// <summary>The core services wired by AddParaCore over in-memory stores, in-memory configuration and a fake clock.</summary>
public sealed class ParaTestHost : IDisposable
{
    /// <summary>A fixed "now" with a millisecond part, so second/millisecond rounding is visible in assertions.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 11, 12, 0, 0, 123, TimeSpan.Zero);

    public const string AppSecret = "app-secret-0123456789-0123456789-0123456789-0123456789-01";

    private readonly ServiceProvider _provider;

    private ParaTestHost(IDictionary<string, string?> config)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IAppStore>(Apps);
        services.AddSingleton<IUserStore>(Users);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddParaCore();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(Now);

    public InMemoryAppStore Apps { get; } = new();

    public InMemoryUserStore Users { get; } = new();

    /// <summary>Gets every log line the core services wrote.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public ParaConfig Config => Get<ParaConfig>();

    /// <summary>Creates a host; configuration keys use the ':' form, e.g. ("para:security:signin_success", "/home").</summary>
    public static ParaTestHost Create(params (string Key, string? Value)[] config) =>
        new(config.ToDictionary(c => c.Key, c => c.Value));

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public async Task<ParaApp> AddAppAsync(string id, JsonObject? settings = null, string secret = AppSecret)
    {
        var app = new ParaApp { Id = id, Name = ParaAppId.Identifier(id), Secret = secret, Settings = settings ?? [] };
        await Apps.CreateAsync(app);
        return app;
    }

    public async Task<ParaUser> AddUserAsync(string appIdentifier, string identifier, string? email = null, string id = "1001")
    {
        var user = new ParaUser
        {
            Id = id,
            AppId = appIdentifier,
            Identifier = identifier,
            Email = email,
            Name = "Jane Doe",
            Active = true,
            TokenSecret = ParaSecrets.NewTokenSecret(),
            Timestamp = Now.ToUnixTimeMilliseconds(),
        };
        return (await Users.CreateAsync(user)).User;
    }

    public void Dispose() => _provider.Dispose();
}
