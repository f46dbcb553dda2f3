// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage.Sqlite;

/// <summary>When SQLite flushes a commit to disk (<c>para.sqlite.synchronous</c>, SQLite's <c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// Every commit waits until the write-ahead log is on disk: an acknowledged write survives a power cut or an OS
    /// crash. Writes queued together share one commit, and so one flush. The default.
    /// </summary>
    Full,

    /// <summary>
    /// Commits are flushed at checkpoints only: faster, and the file stays consistent, but a power cut or an OS crash
    /// may lose the last commits (sign-ins already answered). A crash of the server process alone loses nothing.
    /// </summary>
    Normal,
}
