// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Json;
using Para.Security.Storage;

namespace Para.Security.Server.Commands;

/// <summary>
/// <c>apps create &lt;name&gt;</c>: creates a child app in the configured store and prints its keys once, to standard
/// output only (no logger is attached). On a fresh store it also creates the root app, whose keys go to
/// <see cref="RootCredentialsFile"/> as at the server's first start.
/// </summary>
internal static class AppsCreateCommand
{
    public static async Task<int> RunAsync(ParaConfigurationSources sources, string name, TextWriter output, TextWriter error)
    {
        var configuration = new ConfigurationBuilder().AddParaConfiguration(sources, out _).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        services.AddParaSecurity(configuration);
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        await provider.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        var apps = provider.GetRequiredService<ParaAppService>();
        var root = await apps.EnsureRootAppAsync().ConfigureAwait(false);
        if (root is { Status: AppSetupStatus.Created, AccessKey: { } rootKey, SecretKey: { } rootSecret })
        {
            var path = RootCredentialsFile.Resolve(new ParaConfig(configuration), sources.WorkingDirectory);
            await RootCredentialsFile.WriteAsync(path, rootKey, rootSecret, CancellationToken.None).ConfigureAwait(false);
            await error.WriteLineAsync($"Root app {rootKey} created; its keys are in {path} (readable by this user only).").ConfigureAwait(false);
        }

        var result = await apps.CreateChildAppAsync(name).ConfigureAwait(false);
        switch (result.Status)
        {
            case AppSetupStatus.Created:
                await output.WriteLineAsync(ParaJson.SetupKeys(result.AccessKey!, result.SecretKey!).ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                return 0;
            case AppSetupStatus.AlreadyExists:
                await error.WriteLineAsync($"The app '{ParaAppId.Normalize(name)}' already exists; its secret is not shown again (rotate it with POST /v1/_newkeys).").ConfigureAwait(false);
                return 1;
            default:
                await error.WriteLineAsync($"'{name}' is not a usable app name: use letters, digits and dashes, e.g. myapp.").ConfigureAwait(false);
                return ConfigPrintCommand.InvalidInput;
        }
    }
}
