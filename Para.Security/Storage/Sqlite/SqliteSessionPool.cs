// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;

namespace Para.Security.Storage.Sqlite;

/// <summary>
/// The open sessions of one <see cref="SqliteDatabase"/>, shared by every store of a host on it: one writer session
/// behind the write gate with the queue of writes waiting for it, and a few reader sessions. A session unused for
/// <see cref="IdleMilliseconds"/> is closed, so a file nobody touches is not held open. The database owns the pool and
/// disposes it; nothing of it is shared with another host, even one on the same file.
/// </summary>
internal sealed class SqliteSessionPool : IDisposable
{
    /// <summary>How long a session may stay unused before it is closed.</summary>
    public const int IdleMilliseconds = 2_000;

    // More concurrent reads than this open extra sessions, which are closed when they end (their native connections
    // go back to Microsoft.Data.Sqlite's pool; only the compiled statements are lost).
    private const int MaxReaders = 8;

    private readonly Stack<SqliteSession> _readers = new();
    private readonly Timer _idleTimer;
    private readonly Action _resumeWrites;
    private SqliteSession? _writer;
    private int _timerRunning;
    private int _checkpointPhase; // 0: none running, 1: copying beside the writes, 2: copied, to be finished by the writer
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteSessionPool"/> class.</summary>
    /// <param name="resumeWrites">
    /// Runs the queued writes on the thread pool, for a holder of <see cref="WriteGate"/> that does not run them itself
    /// (the idle check): writers that found the gate taken rely on its holder to see their writes.
    /// </param>
    public SqliteSessionPool(Action resumeWrites)
    {
        _resumeWrites = resumeWrites ?? throw new ArgumentNullException(nameof(resumeWrites));
        _idleTimer = new Timer(static state => ((SqliteSessionPool)state!).CloseIdle(force: false), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>
    /// Gets the gate that orders this process's writes to the file: SQLite has a single write lock, and a writer
    /// waiting in SQLite's busy handler sleeps in steps of up to 100 ms (holding a thread), while one waiting here
    /// resumes as soon as the previous write ends. Other processes are still covered by the busy timeout.
    /// </summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>Gets the writes waiting for the holder of <see cref="WriteGate"/> to run them.</summary>
    public ConcurrentQueue<SqliteWrite> Writes { get; } = new();

    /// <summary>Gets or sets the writes since the last checkpoint. Only a holder of <see cref="WriteGate"/> may use this.</summary>
    public int WritesSinceCheckpoint { get; set; }

    /// <summary>Starts a checkpoint beside the writes, unless one is under way.</summary>
    /// <returns><see langword="true"/> when the caller is to run it.</returns>
    public bool TryStartCheckpoint() => Interlocked.CompareExchange(ref _checkpointPhase, 1, 0) == 0;

    /// <summary>Records that the checkpoint beside the writes has ended, for the writer to finish.</summary>
    public void CheckpointCopied() => Volatile.Write(ref _checkpointPhase, 2);

    /// <summary>Takes a checkpoint that has ended beside the writes, for the writer to finish it.</summary>
    /// <returns><see langword="true"/> when the caller is to finish it.</returns>
    public bool TryTakeCopiedCheckpoint() => Interlocked.CompareExchange(ref _checkpointPhase, 0, 2) == 2;

    /// <summary>
    /// Closes every session not in use, so the file can be deleted or replaced at once; sessions in use are closed when
    /// their operation ends and they are idle.
    /// </summary>
    public void CloseAllIdle() => CloseIdle(force: true);

    /// <summary>
    /// Stops the idle check and closes the sessions not in use; a session in use is closed when its operation ends
    /// instead of being kept.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        CloseIdle(force: true);
        _idleTimer.Dispose();
    }

    /// <summary>Takes the writer session, if one is open. Only a holder of <see cref="WriteGate"/> may call this.</summary>
    /// <returns>The session, or <see langword="null"/> when the caller should open one.</returns>
    public SqliteSession? TakeWriter()
    {
        var writer = _writer;
        _writer = null;
        return writer;
    }

    /// <summary>Keeps a session as the writer session. Only a holder of <see cref="WriteGate"/> may call this.</summary>
    /// <param name="session">A session whose operation ended normally.</param>
    public void ReturnWriter(SqliteSession session)
    {
        if (_disposed)
        {
            session.Dispose();
            return;
        }

        session.LastUsed = Environment.TickCount64;
        _writer = session;
        StartTimer();
    }

    /// <summary>Takes an idle reader session, if there is one.</summary>
    /// <returns>The session, or <see langword="null"/> when the caller should open one.</returns>
    public SqliteSession? TakeReader()
    {
        lock (_readers)
        {
            return _readers.TryPop(out var session) ? session : null;
        }
    }

    /// <summary>Keeps a reader session for the next read, or closes it when enough are kept.</summary>
    /// <param name="session">A session whose operation ended normally.</param>
    public void ReturnReader(SqliteSession session)
    {
        session.LastUsed = Environment.TickCount64;
        bool kept;
        lock (_readers)
        {
            kept = !_disposed && _readers.Count < MaxReaders;
            if (kept)
            {
                _readers.Push(session);
            }
        }

        if (kept)
        {
            StartTimer();
        }
        else
        {
            session.Dispose();
        }
    }

    private void StartTimer()
    {
        if (!_disposed && Interlocked.Exchange(ref _timerRunning, 1) == 0)
        {
            ChangeTimer(IdleMilliseconds / 2);
        }
    }

    private void ChangeTimer(int period)
    {
        try
        {
            _idleTimer.Change(period, period);
        }
        catch (ObjectDisposedException)
        {
            // The pool was disposed meanwhile: it keeps no session any more, so there is nothing to look at.
        }
    }

    private void CloseIdle(bool force)
    {
        var now = Environment.TickCount64;
        bool IsIdle(SqliteSession session) => force || now - session.LastUsed >= IdleMilliseconds;

        var open = false;
        if (WriteGate.Wait(0))
        {
            try
            {
                if (_writer is { } writer && IsIdle(writer))
                {
                    _writer = null;
                    writer.Dispose();
                }

                open = _writer is not null;
            }
            finally
            {
                WriteGate.Release();
                if (!Writes.IsEmpty)
                {
                    _resumeWrites();
                }
            }
        }
        else
        {
            open = true; // a write is running; its session is returned, and looked at, later
        }

        List<SqliteSession>? closing = null;
        lock (_readers)
        {
            // Push back the sessions still in use recently, bottom first, so the stack keeps its order.
            var readers = _readers.ToArray();
            _readers.Clear();
            for (var i = readers.Length - 1; i >= 0; i--)
            {
                if (IsIdle(readers[i]))
                {
                    (closing ??= []).Add(readers[i]);
                }
                else
                {
                    _readers.Push(readers[i]);
                }
            }

            open |= _readers.Count > 0;
        }

        closing?.ForEach(session => session.Dispose());
        if (!open)
        {
            // Stop ticking while nothing is open; a session returned meanwhile starts the timer again.
            ChangeTimer(Timeout.Infinite);
            Volatile.Write(ref _timerRunning, 0);
            if (Volatile.Read(ref _writer) is not null || ReaderCount() > 0)
            {
                StartTimer();
            }
        }
    }

    private int ReaderCount()
    {
        lock (_readers)
        {
            return _readers.Count;
        }
    }
}
