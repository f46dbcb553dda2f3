// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage;

/// <summary>
/// Creates the store's schema or brings it up to date. The server runs it once at startup, before it listens;
/// running it again, or from several processes at once, is safe and changes nothing.
/// </summary>
public interface IStoreInitializer
{
    /// <summary>Applies every migration the database has not recorded in its <c>schema_version</c> table.</summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    ValueTask InitializeAsync(CancellationToken cancellationToken);
}
