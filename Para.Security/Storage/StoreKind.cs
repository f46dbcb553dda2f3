// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage;

/// <summary>The store implementations that <c>para.dao</c> can select.</summary>
internal enum StoreKind
{
    /// <summary>A SQLite file (<c>para.dao = sqlite</c>), the default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<c>para.dao = postgresql</c>), for several server instances.</summary>
    PostgreSql,

    /// <summary>Process memory (<c>para.dao = memory</c>); nothing survives a restart.</summary>
    Memory,
}
