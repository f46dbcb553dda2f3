// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Api;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Storage;

namespace Para.Security.Server;

/// <summary>
/// Runs before the server listens: migrates the store, then creates the root app on first start and prints its
/// credentials once (they are also handed out once by <c>GET /v1/_setup</c>).
/// </summary>
internal sealed partial class ParaStartup(
    IStoreInitializer store,
    ParaAppService apps,
    RootCredentials rootCredentials,
    ParaConfigFile configFile,
    StartupOutput output,
    ILogger<ParaStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.ConfigFile(logger, configFile.Path ?? "(none)", configFile.ChosenBy);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var root = await apps.EnsureRootAppAsync(cancellationToken).ConfigureAwait(false);
        if (root is { Status: AppSetupStatus.Created, AccessKey: { } accessKey, SecretKey: { } secretKey })
        {
            rootCredentials.Offer(accessKey, secretKey);
            await output.Writer.WriteLineAsync(
                $"""
                Root app created. Save these keys - they are shown only once!
                  accessKey: {accessKey}
                  secretKey: {secretKey}
                """).ConfigureAwait(false);
            await output.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, EventName = "ConfigFile", Level = LogLevel.Information, Message = "Configuration file: {Path} (chosen by {ChosenBy}).")]
        public static partial void ConfigFile(ILogger logger, string path, string chosenBy);
    }
}
