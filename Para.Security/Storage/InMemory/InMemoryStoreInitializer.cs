// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage.InMemory;

/// <summary>The <see cref="IStoreInitializer"/> of the memory stores: there is no schema, so it does nothing.</summary>
internal sealed class InMemoryStoreInitializer : IStoreInitializer
{
    /// <inheritdoc />
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
