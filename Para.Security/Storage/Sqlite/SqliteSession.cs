// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;

namespace Para.Security.Storage.Sqlite;

/// <summary>
/// An open connection to a SQLite file together with the commands it has prepared, used by one operation at a time
/// and kept open between operations (see <see cref="SqliteDatabase"/>). Microsoft.Data.Sqlite compiles a command's
/// SQL again for every new command object, which costs as much as executing a primary-key read; a session's commands
/// keep their compiled statements, so an operation that runs again only binds and steps.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    // The store's statements are constants, a few dozen at most; a caller with many distinct texts (a test, a
    // migration) empties the cache instead of growing it.
    private const int MaxCommands = 64;

    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="SqliteSession"/> class.</summary>
    /// <param name="connection">The open connection; the session owns it.</param>
    public SqliteSession(SqliteConnection connection)
    {
        Connection = connection;
    }

    /// <summary>Gets the open connection, for statements that are not worth keeping (migrations, pragmas).</summary>
    public SqliteConnection Connection { get; }

    /// <summary>
    /// Gets or sets the transaction of the batch of writes the session is running, if any; commands from
    /// <see cref="Command"/> run in it unless given another, and an operation must not begin its own.
    /// </summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>Gets or sets when the session last ended an operation (<see cref="Environment.TickCount64"/>).</summary>
    public long LastUsed { get; set; }

    /// <summary>
    /// Returns the session's command for a statement, with no parameters and the given transaction (by default the
    /// batch's, see <see cref="Transaction"/>). The session owns
    /// the command: the caller adds its parameters and executes it, and does not dispose it.
    /// </summary>
    /// <param name="sql">The statement; a constant, never a text holding a value.</param>
    /// <param name="transaction">The transaction the command runs in, if any.</param>
    /// <returns>The command.</returns>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= MaxCommands)
            {
                DisposeCommands();
            }

            command = Connection.CreateCommand();
#pragma warning disable CA2100 // The text is one of the store's constant statements; values are always parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        command.Transaction = transaction ?? Transaction;
        return command;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeCommands();
        Connection.Dispose();
    }

    private void DisposeCommands()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
