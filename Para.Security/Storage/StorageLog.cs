// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Logging;

namespace Para.Security.Storage;

/// <summary>The log messages of the stores and their initializers.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Applied {Store} schema migration {Version} ({Name}) to {Database}.")]
    public static partial void MigrationApplied(ILogger logger, string store, int version, string name, string database);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "{Store} schema at {Database} is current (version {Version}).")]
    public static partial void SchemaCurrent(ILogger logger, string store, int version, string database);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "SQLite database {Database} is in journal mode '{Mode}', not WAL: readers and writers will block each other.")]
    public static partial void NotWal(ILogger logger, string database, string mode);
}
