// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Storage;
using Para.Security.Storage.InMemory;

namespace Para.Security.Tests.Storage;

/// <summary>The used-token contract against the memory store.</summary>
[TestFixture]
public sealed class InMemoryUsedTokenStoreTests : UsedTokenStoreContractTests
{
    private readonly InMemoryUsedTokenStore _store = new();

    protected override Task<IUsedTokenStore> CreateStoreAsync() => Task.FromResult<IUsedTokenStore>(_store);

    protected override Task<long> CountRecordsAsync() => Task.FromResult<long>(_store.Count);
}
