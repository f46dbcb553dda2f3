// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Logging;
using Para.Security.Configuration;
using Para.Security.Storage;

namespace Para.Security.Identity;

/// <summary>
/// Creates apps and their secrets: the root app on first start (<c>GET /v1/_setup</c>), child apps
/// (<c>GET /v1/_setup/{appid}</c> and the CLI) and secret rotation (<c>POST /v1/_newkeys</c>), para-spec.md §0.1, §10.1.
/// </summary>
public sealed partial class ParaAppService
{
    private readonly IAppStore _apps;
    private readonly ParaRootApp _root;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ParaAppService> _logger;
    private readonly string _rootName;
    private readonly string _rootSecretOverride;

    /// <summary>Initializes a new instance of the <see cref="ParaAppService"/> class.</summary>
    /// <param name="apps">The app store.</param>
    /// <param name="root">The root-app knowledge.</param>
    /// <param name="config">The Para configuration; reads <c>para.app_name</c> and <c>para.root_secret_override</c>.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public ParaAppService(IAppStore apps, ParaRootApp root, ParaConfig config, TimeProvider timeProvider, ILogger<ParaAppService> logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        _apps = apps ?? throw new ArgumentNullException(nameof(apps));
        _root = root ?? throw new ArgumentNullException(nameof(root));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _rootName = config.Get("app_name", ParaRootApp.DefaultName);
        _rootSecretOverride = config.Get("root_secret_override", string.Empty);
    }

    /// <summary>
    /// Creates the root app if it does not exist. Its secret is <c>para.root_secret_override</c> when set, else random.
    /// The secret is returned only when the app was created by this call, so the host can print it once.
    /// </summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns><see cref="AppSetupStatus.Created"/> with the keys, or <see cref="AppSetupStatus.AlreadyExists"/>.</returns>
    public async Task<AppSetupResult> EnsureRootAppAsync(CancellationToken cancellationToken = default)
    {
        if (await _apps.FindAsync(_root.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return new AppSetupResult(AppSetupStatus.AlreadyExists, _root.Id, null);
        }

        return await CreateAsync(_root.Id, _rootName, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a child app <c>app:{normalised appId}</c> unless it exists.</summary>
    /// <param name="appId">The requested id or name, normalised with <see cref="ParaAppId.Normalize"/>.</param>
    /// <param name="name">The display name; the identifier when <see langword="null"/> or blank.</param>
    /// <param name="creatorId">The id of the creating object, if any.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The status, with the new keys when created.</returns>
    public async Task<AppSetupResult> CreateChildAppAsync(string appId, string? name = null, string? creatorId = null, CancellationToken cancellationToken = default)
    {
        var id = ParaAppId.Normalize(appId);
        if (id is null)
        {
            return new AppSetupResult(AppSetupStatus.InvalidName, null, null);
        }

        if (await _apps.FindAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return new AppSetupResult(AppSetupStatus.AlreadyExists, id, null);
        }

        return await CreateAsync(id, string.IsNullOrWhiteSpace(name) ? ParaAppId.Identifier(id) : name, creatorId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives an app a new secret and stores it (<c>POST /v1/_newkeys</c>); the root app gets <c>para.root_secret_override</c> when set.</summary>
    /// <param name="app">The app; updated in place.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The new secret.</returns>
    public async Task<string> ResetSecretAsync(ParaApp app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Secret = NewSecretFor(app.Id);
        app.Updated = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await _apps.UpdateAsync(app, cancellationToken).ConfigureAwait(false);
        Log.SecretReset(_logger, app.Id);
        return app.Secret;
    }

    private async Task<AppSetupResult> CreateAsync(string id, string name, string? creatorId, CancellationToken cancellationToken)
    {
        var app = new ParaApp
        {
            Id = id,
            Name = name,
            Secret = NewSecretFor(id),
            Active = true,
            CreatorId = creatorId,
            Timestamp = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };

        if (!await _apps.CreateAsync(app, cancellationToken).ConfigureAwait(false))
        {
            // Another instance created it between the read and the write.
            return new AppSetupResult(AppSetupStatus.AlreadyExists, id, null);
        }

        Log.AppCreated(_logger, id);
        return new AppSetupResult(AppSetupStatus.Created, id, app.Secret);
    }

    private string NewSecretFor(string appId) =>
        _root.IsRoot(appId) && !string.IsNullOrWhiteSpace(_rootSecretOverride) ? _rootSecretOverride : ParaSecrets.NewAppSecret();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1120, EventName = "AppCreated", Level = LogLevel.Information, Message = "Created app {AppId}.")]
        public static partial void AppCreated(ILogger logger, string appId);

        [LoggerMessage(EventId = 1121, EventName = "AppSecretReset", Level = LogLevel.Information, Message = "Reset the secret of app {AppId}.")]
        public static partial void SecretReset(ILogger logger, string appId);
    }
}
