// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;

namespace Para.Security.Storage.Sqlite;

/// <summary>
/// One SQLite file (<c>para.sqlite.file</c>) as the SQLite stores of one host use it: connections with the settings
/// every store operation needs (foreign keys on and a busy timeout, so that a writer waits for another writer, in this
/// or another process, instead of failing at once), and the sessions operations run on, which stay open between
/// operations and keep their compiled statements: one writer session (the host's writes are queued for it) and a few
/// reader sessions. <c>AddParaStorage</c> registers one per host and every SQLite store of the host takes it, so they
/// share its writer queue; two hosts share nothing, even on one file. Disposing it closes its sessions.
/// </summary>
public sealed partial class SqliteDatabase : IDisposable
{
    /// <summary>How long a statement waits for another connection's write lock before SQLite reports BUSY.</summary>
    internal const int BusyTimeoutMilliseconds = 30_000;

    // synchronous = FULL (the default, para.sqlite.synchronous) makes a commit wait for an fsync of the WAL, so an
    // acknowledged sign-in survives a power loss; the group commit below shares that fsync among the queued writes.
    // NORMAL (SQLite's recommendation in WAL mode) leaves the fsync to checkpoints: the file stays consistent, but an
    // OS crash or power loss may lose the last commits.
    // The automatic checkpoint (wal_autocheckpoint) is only the bound: checkpoints run beside the writes (see
    // CheckpointAsync), and SQLite's own one, which holds up every other write while it copies pages and fsyncs,
    // starts only if those fall behind, at 20,000 WAL pages (about 80 MB).
    private const string FullPragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 20000;";
    private const string NormalPragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 20000;";
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int MaxAttempts = 5;

    // Writes run in one transaction at most; the rest wait for the next batch.
    private const int MaxBatch = 64;
    private const int MaxBatchesAfterOwnWrite = 2;

    // About 4,000 to 12,000 WAL pages: a sign-in's update writes two or three, a new user's creation five or six.
    private const int CheckpointEveryWrites = 2000;

    private static readonly object Configured = new();

    // Native connections whose pragmas this instance has set; weak, so a connection the pool closes is forgotten with
    // its handle. Another instance on the same file (another host) may meet the same native connection through
    // Microsoft.Data.Sqlite's pool and set its pragmas once more, which changes nothing.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configuredHandles = [];

    private readonly string _directory;
    private readonly string _pragmas;
    private readonly SqliteSessionPool _sessions;
    private volatile bool _directoryExists;

    /// <summary>Initializes a new instance of the <see cref="SqliteDatabase"/> class.</summary>
    /// <param name="file">The database file; a relative path is resolved against the current directory now.</param>
    /// <param name="synchronous">When commits are flushed to disk; connections are shared per file, so every user of the file must pass the same.</param>
    public SqliteDatabase(string file, SqliteSynchronous synchronous = SqliteSynchronous.Full)
    {
        _pragmas = synchronous == SqliteSynchronous.Normal ? NormalPragmas : FullPragmas;
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        FullPath = Path.GetFullPath(file);
        _directory = Path.GetDirectoryName(FullPath) ?? throw new ArgumentException($"'{file}' has no directory.", nameof(file));
        _sessions = new SqliteSessionPool(ResumeWrites);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    /// <summary>Gets the absolute path of the database file.</summary>
    public string FullPath { get; }

    /// <summary>Gets the connection string every store uses for this file (so they share one pool).</summary>
    internal string ConnectionString { get; }

    /// <summary>
    /// Closes this instance's sessions, so that it holds no connection of the file; sessions in use are closed when
    /// their operation ends. An operation started afterwards still runs, on a connection closed when it ends.
    /// </summary>
    public void Dispose()
    {
        _sessions.Dispose();
        ClearConnectionPool();
    }

    /// <summary>
    /// Closes the sessions that are not in use and clears Microsoft.Data.Sqlite's connection pool of this file, so that
    /// no idle connection holds it: call it before deleting or replacing the file (tests).
    /// </summary>
    internal void CloseIdleConnections()
    {
        _sessions.CloseAllIdle();
        ClearConnectionPool();
    }

    /// <summary>Opens a connection, creating the file's directory first if needed.</summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    internal async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_directoryExists)
        {
            Directory.CreateDirectory(_directory);
            _directoryExists = true;
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // The pragmas are settings of the native connection, which the pool keeps open across Open/Close: set them
            // once per native connection, not on every operation (they cost as much as a primary-key read).
            var handle = connection.Handle!;
            if (!_configuredHandles.TryGetValue(handle, out _))
            {
                using var pragma = connection.CreateCommand();
                pragma.CommandText = _pragmas;
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _configuredHandles.AddOrUpdate(handle, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs a reading operation on a session of this file (kept open between operations, with its compiled
    /// statements), running it again (a few times) when SQLite still reports the database busy or locked after the
    /// busy timeout. The operation must leave nothing behind when it fails, which a transaction that is rolled back on
    /// dispose guarantees. A session whose operation fails otherwise is closed, not reused.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The operation's result.</returns>
    internal async ValueTask<T> RunAsync<T>(Func<SqliteSession, CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var session = _sessions.TakeReader() ?? new SqliteSession(await OpenAsync(cancellationToken).ConfigureAwait(false));
            var reusable = false;
            try
            {
                var result = await operation(session, cancellationToken).ConfigureAwait(false);
                reusable = true;
                return result;
            }
            catch (SqliteException e) when (IsBusy(e) && attempt < MaxAttempts)
            {
                reusable = true; // fall through to a new attempt, after a short pause
            }
            finally
            {
                if (reusable)
                {
                    _sessions.ReturnReader(session);
                }
                else
                {
                    session.Dispose();
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a writing operation on the file's one writer session, after the writes of this process to the same file
    /// queued before it. Writes that queue up while another runs are run together, in one <c>BEGIN IMMEDIATE</c>
    /// transaction (group commit: one lock, one commit, and no hand-off between threads from one write to the next);
    /// when one of them fails, the batch is rolled back and its writes run again one by one, so each caller gets its
    /// own operation's outcome. An operation may therefore run more than once, and its effects count only once it
    /// returns; it must take its commands from the session (which puts them in the batch's transaction) and begin no
    /// transaction while <see cref="SqliteSession.Transaction"/> is set.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation; it gets the writer session.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The operation's result.</returns>
    internal async ValueTask<T> RunWriteAsync<T>(Func<SqliteSession, CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new SqliteWrite<T>(operation, cancellationToken);
        _sessions.Writes.Enqueue(write);
        await RunQueuedWritesAsync(write.Task).ConfigureAwait(false);
        return await write.Task.ConfigureAwait(false);
    }

    // Runs the queue while it has writes and nobody else runs it. A writer that finds the gate taken leaves its write
    // to the holder, who looks at the queue again after releasing the gate, so no write is left behind. Once its own
    // write is done, a holder runs a few more batches at most and then hands the queue to the thread pool, so one
    // request does not serve everybody's writes under a steady stream.
    private async Task RunQueuedWritesAsync(Task? own)
    {
        var batchesAfterOwn = 0;
        while (!_sessions.Writes.IsEmpty && _sessions.WriteGate.Wait(0))
        {
            try
            {
                await RunBatchAsync().ConfigureAwait(false);
            }
            finally
            {
                _sessions.WriteGate.Release();
            }

            if (own is { IsCompleted: true } && ++batchesAfterOwn >= MaxBatchesAfterOwnWrite && !_sessions.Writes.IsEmpty)
            {
                ResumeWrites();
                return;
            }
        }
    }

    private void ResumeWrites() => ThreadPool.UnsafeQueueUserWorkItem(static database => _ = database.RunQueuedWritesAsync(null), this, preferLocal: false);

    private async ValueTask RunBatchAsync()
    {
        var batch = new List<SqliteWrite>();
        while (batch.Count < MaxBatch && _sessions.Writes.TryDequeue(out var write))
        {
            if (write.CancellationToken.IsCancellationRequested)
            {
                write.Fail(new OperationCanceledException(write.CancellationToken));
            }
            else
            {
                batch.Add(write);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        var session = _sessions.TakeWriter();
        try
        {
            session ??= new SqliteSession(await OpenAsync(CancellationToken.None).ConfigureAwait(false));
            if (batch.Count == 1 || !await RunInOneTransactionAsync(session, batch).ConfigureAwait(false))
            {
                foreach (var write in batch)
                {
                    session ??= new SqliteSession(await OpenAsync(CancellationToken.None).ConfigureAwait(false));
                    session = await RunAloneAsync(session, write).ConfigureAwait(false);
                }
            }

            if (session is not null)
            {
                await CheckpointAsync(session, batch.Count).ConfigureAwait(false);
                _sessions.ReturnWriter(session);
            }
        }
#pragma warning disable CA1031 // Every caller of the batch gets the error; none is lost.
        catch (Exception e)
#pragma warning restore CA1031
        {
            session?.Dispose();
            foreach (var write in batch)
            {
                write.Fail(e);
            }
        }
    }

    // Runs a batch in one BEGIN IMMEDIATE transaction and completes its writes once it is committed. Returns false,
    // with nothing committed and nothing completed, when a write fails or the commit does.
    private static async ValueTask<bool> RunInOneTransactionAsync(SqliteSession session, List<SqliteWrite> batch)
    {
        var transaction = await BeginImmediateAsync(session).ConfigureAwait(false);
        session.Transaction = transaction;
        try
        {
            foreach (var write in batch)
            {
                if (!await write.RunAsync(session).ConfigureAwait(false))
                {
                    return false;
                }
            }

            try
            {
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (SqliteException)
            {
                return false;
            }
        }
        finally
        {
            session.Transaction = null;
            await transaction.DisposeAsync().ConfigureAwait(false); // rolls back what was not committed
        }

        foreach (var write in batch)
        {
            write.Complete();
        }

        return true;
    }

    private static async ValueTask<SqliteTransaction> BeginImmediateAsync(SqliteSession session)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return session.Connection.BeginTransaction(deferred: false);
            }
            catch (SqliteException e) when (IsBusy(e) && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    // Runs one write on its own, again a few times while SQLite reports the file busy, and completes it. A session whose
    // write failed otherwise is in an unknown state: it is closed, and null returned, so the next write opens another.
    private static async ValueTask<SqliteSession?> RunAloneAsync(SqliteSession session, SqliteWrite write)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await write.RunAsync(session).ConfigureAwait(false))
            {
                write.Complete();
                return session;
            }

            if (write.Error is not SqliteException busy || !IsBusy(busy) || attempt >= MaxAttempts)
            {
                write.Complete();
                session.Dispose();
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), CancellationToken.None).ConfigureAwait(false);
        }
    }

    // Microsoft.Data.Sqlite pools native connections by connection string, process-wide; this clears this file's only.
    private void ClearConnectionPool()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Tells whether an error is SQLite's BUSY or LOCKED (another connection holds the lock).</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> for BUSY and LOCKED, including their extended codes.</returns>
    internal static bool IsBusy(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked;

    /// <summary>Tells whether an error is a UNIQUE or PRIMARY KEY constraint violation.</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> for SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.</returns>
    internal static bool IsUniqueViolation(SqliteException exception) => exception.SqliteExtendedErrorCode is 2067 or 1555;

    /// <summary>Tells whether an error is a FOREIGN KEY constraint violation.</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> for SQLITE_CONSTRAINT_FOREIGNKEY.</returns>
    internal static bool IsForeignKeyViolation(SqliteException exception) => exception.SqliteExtendedErrorCode == 787;
}
