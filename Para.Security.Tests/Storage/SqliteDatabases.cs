// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>
/// The <see cref="SqliteDatabase"/>s a test opens, as a host's container would own them: disposed together at the
/// test's end, so that no session holds the test's file when it is deleted.
/// </summary>
internal sealed class SqliteDatabases : IDisposable
{
    private readonly List<SqliteDatabase> _opened = [];

    /// <summary>Opens a database on a file, to be disposed with the others.</summary>
    public SqliteDatabase Open(string file)
    {
        var database = new SqliteDatabase(file);
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    /// <summary>Disposes every database opened.</summary>
    public void Dispose()
    {
        lock (_opened)
        {
            _opened.ForEach(database => database.Dispose());
            _opened.Clear();
        }
    }
}
