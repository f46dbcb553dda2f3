// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;

namespace Para.Security.Storage.Sqlite;

/// <content>The WAL checkpoints that run beside the writes instead of on the committing writer.</content>
public sealed partial class SqliteDatabase
{
    // SQLite's automatic checkpoint runs on the committing writer and holds up every other write of the process while
    // it copies pages into the database file and fsyncs. Instead, every CheckpointEveryWrites writes a PASSIVE
    // checkpoint runs on a connection of its own, beside the writes; once it is done, the writer finishes it between
    // two batches (only the pages written meanwhile, so the pause is short), and the next write starts the WAL file
    // from its beginning again. The automatic checkpoint (wal_autocheckpoint) stays as the bound if this falls behind.
    private async ValueTask CheckpointAsync(SqliteSession writer, int writes)
    {
        if (_sessions.TryTakeCopiedCheckpoint())
        {
            _sessions.WritesSinceCheckpoint = 0;
            try
            {
                await CheckpointPassiveAsync(writer.Connection).ConfigureAwait(false);
            }
            catch (SqliteException)
            {
                // Left to the next round, or to the automatic checkpoint.
            }

            return;
        }

        _sessions.WritesSinceCheckpoint += writes;
        if (_sessions.WritesSinceCheckpoint >= CheckpointEveryWrites && _sessions.TryStartCheckpoint())
        {
            _ = Task.Run(CheckpointBesideWritesAsync);
        }
    }

    private async Task CheckpointBesideWritesAsync()
    {
        try
        {
            var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await CheckpointPassiveAsync(connection).ConfigureAwait(false);
            }
        }
        catch (SqliteException)
        {
            // The writer's pass does the whole checkpoint then, as SQLite's automatic one would have.
        }
        finally
        {
            _sessions.CheckpointCopied();
        }
    }

    private static async ValueTask CheckpointPassiveAsync(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
            }
        }
    }
}
