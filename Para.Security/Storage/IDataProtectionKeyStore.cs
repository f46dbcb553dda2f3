// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage;

/// <summary>
/// Keeps ASP.NET Core Data Protection key XML in the configured store, so every server instance that shares the store
/// shares the keys. Calls are synchronous because Data Protection's key repository is.
/// </summary>
public interface IDataProtectionKeyStore
{
    /// <summary>Reads every stored key element.</summary>
    /// <returns>The XML of each key, in storage order.</returns>
    IReadOnlyList<string> GetAll();

    /// <summary>Stores a key element under a unique name; storing a name twice keeps the first.</summary>
    /// <param name="name">The element's friendly name (unique per key).</param>
    /// <param name="xml">The element's XML.</param>
    void Store(string name, string xml);
}
