// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;

namespace Para.Security.Storage.Sqlite;

/// <summary>
/// Opens connections to one SQLite file with the settings every store operation needs: foreign keys on and a busy
/// timeout, so that a writer waits for another writer (in this or another process) instead of failing at once.
/// Connections are opened per operation; Microsoft.Data.Sqlite pools them by connection string.
/// </summary>
internal sealed class SqliteDatabase
{
    /// <summary>How long a statement waits for another connection's write lock before SQLite reports BUSY.</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    // synchronous = NORMAL is SQLite's recommended setting in WAL mode: a commit no longer waits for an fsync of the
    // WAL (only checkpoints do), and the file stays consistent; an OS crash or power loss may lose the last commits.
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int MaxAttempts = 5;

    // One writer queue per file, shared by every store of this process on it: SQLite has a single write lock, and a
    // writer waiting in SQLite's busy handler sleeps in steps of up to 100 ms (holding a thread), while one waiting
    // here resumes as soon as the previous write ends. Other processes are still covered by busy_timeout.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);

    // Native connections whose pragmas are set; weak, so a connection the pool closes is forgotten with its handle.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> ConfiguredHandles = [];
    private static readonly object Configured = new();

    private readonly string _directory;
    private readonly SemaphoreSlim _writeGate;
    private volatile bool _directoryExists;

    /// <summary>Initializes a new instance of the <see cref="SqliteDatabase"/> class.</summary>
    /// <param name="file">The database file; a relative path is resolved against the current directory now.</param>
    public SqliteDatabase(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        FullPath = Path.GetFullPath(file);
        _directory = Path.GetDirectoryName(FullPath) ?? throw new ArgumentException($"'{file}' has no directory.", nameof(file));
        _writeGate = WriteGates.GetOrAdd(FullPath, static _ => new SemaphoreSlim(1, 1));
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
    public string ConnectionString { get; }

    /// <summary>Opens a connection, creating the file's directory first if needed.</summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    public async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
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
            if (!ConfiguredHandles.TryGetValue(handle, out _))
            {
                using var pragma = connection.CreateCommand();
                pragma.CommandText = ConnectionPragmas;
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                ConfiguredHandles.AddOrUpdate(handle, Configured);
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
    /// Runs an operation on a fresh connection, running it again (a few times) when SQLite still reports the
    /// database busy or locked after the busy timeout. The operation must leave nothing behind when it fails,
    /// which a transaction that is rolled back on dispose guarantees.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The operation's result.</returns>
    public async ValueTask<T> RunAsync<T>(Func<SqliteConnection, CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                try
                {
                    return await operation(connection, cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException e) when (IsBusy(e) && attempt < MaxAttempts)
                {
                    // Fall through to a new attempt on a new connection, after a short pause.
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a writing operation like <see cref="RunAsync{T}"/>, after the writes of this process to the same file queued before it.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation; it gets an open connection.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The operation's result.</returns>
    public async ValueTask<T> RunWriteAsync<T>(Func<SqliteConnection, CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Tells whether an error is SQLite's BUSY or LOCKED (another connection holds the lock).</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> for BUSY and LOCKED, including their extended codes.</returns>
    public static bool IsBusy(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked;

    /// <summary>Tells whether an error is a UNIQUE or PRIMARY KEY constraint violation.</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> for SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.</returns>
    public static bool IsUniqueViolation(SqliteException exception) => exception.SqliteExtendedErrorCode is 2067 or 1555;

    /// <summary>Tells whether an error is a FOREIGN KEY constraint violation.</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> for SQLITE_CONSTRAINT_FOREIGNKEY.</returns>
    public static bool IsForeignKeyViolation(SqliteException exception) => exception.SqliteExtendedErrorCode == 787;
}
