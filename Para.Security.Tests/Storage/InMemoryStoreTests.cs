// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Storage;
using Para.Security.Storage.InMemory;

namespace Para.Security.Tests.Storage;

/// <summary>The store contract against the memory stores (<c>para.dao = memory</c>), the reference implementation.</summary>
[TestFixture]
public sealed class InMemoryStoreTests : StoreContractTests
{
    protected override Task<(IAppStore Apps, IUserStore Users)> CreateStoresAsync() =>
        Task.FromResult<(IAppStore, IUserStore)>((new InMemoryAppStore(), new InMemoryUserStore()));
}
