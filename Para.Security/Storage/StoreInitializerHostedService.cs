// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Hosting;

namespace Para.Security.Storage;

/// <summary>
/// Runs the <see cref="IStoreInitializer"/> in the host's <em>starting</em> phase, which completes before any hosted
/// service starts (the web server included), so the server never listens on a schema that is not current.
/// A failure stops the host from starting.
/// </summary>
internal sealed class StoreInitializerHostedService : IHostedLifecycleService
{
    private readonly IStoreInitializer _initializer;

    /// <summary>Initializes a new instance of the <see cref="StoreInitializerHostedService"/> class.</summary>
    /// <param name="initializer">The initializer of the configured store.</param>
    public StoreInitializerHostedService(IStoreInitializer initializer)
    {
        _initializer = initializer;
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => _initializer.InitializeAsync(cancellationToken).AsTask();

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
