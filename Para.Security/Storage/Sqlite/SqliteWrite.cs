// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage.Sqlite;

/// <summary>
/// A write queued for a file's writer session (see <see cref="SqliteDatabase.RunWriteAsync{T}"/>). Whoever runs the
/// queue runs the operation, possibly more than once (a batch that fails is rolled back and its writes run again one
/// by one), and completes the caller's task only once the outcome is committed or final.
/// </summary>
internal abstract class SqliteWrite
{
    /// <summary>Initializes a new instance of the <see cref="SqliteWrite"/> class.</summary>
    /// <param name="cancellationToken">The caller's cancellation token, passed to the operation.</param>
    protected SqliteWrite(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the caller's cancellation token.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the error of the last run, or <see langword="null"/> when it succeeded.</summary>
    public Exception? Error { get; protected set; }

    /// <summary>Runs the operation and keeps its result or error, without completing the caller's task.</summary>
    /// <param name="session">The writer session.</param>
    /// <returns><see langword="true"/> when the operation succeeded.</returns>
    public abstract ValueTask<bool> RunAsync(SqliteSession session);

    /// <summary>Completes the caller's task with what the last run kept.</summary>
    public abstract void Complete();

    /// <summary>Completes the caller's task with an error that is not the operation's own.</summary>
    /// <param name="error">The error, for example the failure to open the file.</param>
    public abstract void Fail(Exception error);
}

/// <summary>A queued write whose operation returns a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The result type.</typeparam>
internal sealed class SqliteWrite<T> : SqliteWrite
{
    private readonly Func<SqliteSession, CancellationToken, ValueTask<T>> _operation;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    /// <summary>Initializes a new instance of the <see cref="SqliteWrite{T}"/> class.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    public SqliteWrite(Func<SqliteSession, CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _operation = operation;
    }

    /// <summary>Gets the caller's task.</summary>
    public Task<T> Task => _completion.Task;

    /// <inheritdoc />
    public override async ValueTask<bool> RunAsync(SqliteSession session)
    {
        try
        {
            CancellationToken.ThrowIfCancellationRequested();
            _result = await _operation(session, CancellationToken).ConfigureAwait(false);
            Error = null;
            return true;
        }
#pragma warning disable CA1031 // The error is the caller's: it is kept and rethrown from the caller's await.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Error = e;
            return false;
        }
    }

    /// <inheritdoc />
    public override void Complete()
    {
        if (Error is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            Fail(Error);
        }
    }

    /// <inheritdoc />
    public override void Fail(Exception error)
    {
        if (error is OperationCanceledException canceled)
        {
            _completion.TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            _completion.TrySetException(error);
        }
    }
}
