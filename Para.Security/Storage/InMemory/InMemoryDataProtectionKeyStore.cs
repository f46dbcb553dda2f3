// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage.InMemory;

/// <summary>An <see cref="IDataProtectionKeyStore"/> in memory: keys live as long as the process.</summary>
public sealed class InMemoryDataProtectionKeyStore : IDataProtectionKeyStore
{
    private readonly Lock _gate = new();
    private readonly List<(string Name, string Xml)> _keys = [];

    /// <inheritdoc />
    public IReadOnlyList<string> GetAll()
    {
        lock (_gate)
        {
            return [.. _keys.Select(k => k.Xml)];
        }
    }

    /// <inheritdoc />
    public void Store(string name, string xml)
    {
        lock (_gate)
        {
            if (!_keys.Exists(k => k.Name == name))
            {
                _keys.Add((name, xml));
            }
        }
    }
}
