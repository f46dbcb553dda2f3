// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Api;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Storage;

namespace Para.Security.Server;

/// <summary>
/// Runs before the server listens: migrates the store, then creates the root app on first start and writes its
/// credentials to <see cref="RootCredentialsFile"/> (they are also handed out once by <c>GET /v1/_setup</c>). The log
/// says where the file is; no log line and no console line carries the secret.
/// </summary>
internal sealed partial class ParaStartup(
    IStoreInitializer store,
    ParaAppService apps,
    RootCredentials rootCredentials,
    ParaConfigFile configFile,
    ParaConfig config,
    IHostEnvironment environment,
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
            var path = RootCredentialsFile.Resolve(config, environment.ContentRootPath);
            try
            {
                await RootCredentialsFile.WriteAsync(path, accessKey, secretKey, cancellationToken).ConfigureAwait(false);
                Log.RootCredentialsWritten(logger, accessKey, path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not fatal: GET /v1/_setup still hands the keys out once.
                Log.RootCredentialsNotWritten(logger, accessKey, path, ex.Message);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, EventName = "ConfigFile", Level = LogLevel.Information, Message = "Configuration file: {Path} (chosen by {ChosenBy}).")]
        public static partial void ConfigFile(ILogger logger, string path, string chosenBy);

        [LoggerMessage(EventId = 9002, EventName = "RootCredentialsWritten", Level = LogLevel.Warning,
            Message = "Root app {AppId} created. Its keys are in {Path} (readable by this user only): save them somewhere safe, then delete the file.")]
        public static partial void RootCredentialsWritten(ILogger logger, string appId, string path);

        [LoggerMessage(EventId = 9003, EventName = "RootCredentialsNotWritten", Level = LogLevel.Error,
            Message = "Root app {AppId} created, but its keys could not be written to {Path} ({Reason}); GET /v1/_setup hands them out once.")]
        public static partial void RootCredentialsNotWritten(ILogger logger, string appId, string path, string reason);
    }
}
