// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;
using Para.Security.Identity;
using static Para.Security.Storage.StoreSql.Users;

namespace Para.Security.Storage.Sqlite;

/// <summary>
/// An <see cref="IUserStore"/> in a SQLite file (<c>para.dao = sqlite</c>). Writes run in <c>BEGIN IMMEDIATE</c>
/// transactions, which take SQLite's single write lock up front, so a user and its identifier record are created
/// together or not at all, and concurrent creations of one identifier (threads or processes) yield one user.
/// The schema must exist (see <see cref="SqliteStoreInitializer"/>).
/// </summary>
public sealed class SqliteUserStore : IUserStore
{
    // Most updates (a sign-in's new provider token and token secret) leave the email and creation time alone. SQLite
    // rewrites an index's entry whenever one of its columns is assigned, changed or not, which doubles an update's
    // cost; this form does not assign them and matches only while they are unchanged, and UpdateUser follows when
    // it matched nothing. Both run under the write gate, so nothing can change the row between the two.
    private const string UpdateUserKeepingEmailIndex =
        "UPDATE users SET " + StoreRecords.UserAssignmentsOutsideEmailIndex +
        " WHERE app_id = @app_id AND id = @id AND email IS @email AND \"timestamp\" = @timestamp RETURNING version";

    private readonly SqliteDatabase _database;

    /// <summary>Initializes a new instance of the <see cref="SqliteUserStore"/> class.</summary>
    /// <param name="database">The SQLite file (<c>para.sqlite.file</c>) as this host uses it; the caller owns it.</param>
    public SqliteUserStore(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public ValueTask<ParaUser?> FindByIdAsync(string appIdentifier, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentNullException.ThrowIfNull(userId);
        return _database.RunAsync(
            async (session, ct) =>
            {
                var command = session.Command(SelectById);
                StoreRecords.Add(command, "app_id", appIdentifier);
                StoreRecords.Add(command, "id", userId);
                return await StoreRecords.ReadSingleUserAsync(command, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<ParaUser?> FindByIdentifierAsync(string appIdentifier, string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentNullException.ThrowIfNull(identifier);
        return _database.RunAsync((session, ct) => FindByIdentifierAsync(session, null, appIdentifier, identifier, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ParaUser>> FindByEmailAsync(string appIdentifier, string email, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentNullException.ThrowIfNull(email);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return _database.RunAsync(
            async (session, ct) =>
            {
                var command = session.Command(SelectByEmail);
                StoreRecords.Add(command, "app_id", appIdentifier);
                StoreRecords.Add(command, "email", email);
                StoreRecords.Add(command, "limit", limit);
                return await StoreRecords.ReadUsersAsync(command, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<UserCreation> CreateAsync(ParaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(user.Identifier))
        {
            throw new ArgumentException("A new user needs an identifier.", nameof(user));
        }

        return _database.RunWriteAsync((session, ct) => CreateAsync(session, user, user.Identifier, ct), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> AddIdentifierAsync(string appIdentifier, string identifier, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        ArgumentNullException.ThrowIfNull(userId);
        return _database.RunWriteAsync(
            async (session, ct) =>
            {
                var command = session.Command(InsertIdentifier);
                StoreRecords.Add(command, "app_id", appIdentifier);
                StoreRecords.Add(command, "identifier", identifier);
                StoreRecords.Add(command, "user_id", userId);
                try
                {
                    return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
                }
                catch (SqliteException e) when (SqliteDatabase.IsForeignKeyViolation(e))
                {
                    throw new InvalidOperationException($"User '{userId}' does not exist in app '{appIdentifier}'.", e);
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask UpdateAsync(ParaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var version = await _database.RunWriteAsync(
            async (session, ct) =>
                await UpdateReturningVersionAsync(session, UpdateUserKeepingEmailIndex, user, ct).ConfigureAwait(false)
                ?? await UpdateReturningVersionAsync(session, UpdateUser, user, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        user.Version = version ?? throw new InvalidOperationException($"User '{user.Id}' does not exist in app '{user.AppId}'.");
    }

    private static async ValueTask<long?> UpdateReturningVersionAsync(SqliteSession session, string sql, ParaUser user, CancellationToken cancellationToken)
    {
        var command = session.Command(sql);
        StoreRecords.AddUserParameters(command, user, user.Version);

        // Read to the end, not with ExecuteScalar: an UPDATE ... RETURNING commits when its statement is done or
        // reset, and only a commit on the statement's last step runs SQLite's automatic WAL checkpoint. Reset after
        // the first row, the kept statement's commits would never checkpoint and the WAL file would grow without bound.
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            long? stored = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored = reader.GetInt64(0);
            }

            return stored;
        }
    }

    private static async ValueTask<UserCreation> CreateAsync(SqliteSession session, ParaUser user, string identifier, CancellationToken cancellationToken)
    {
        // In a batch of writes, the batch's BEGIN IMMEDIATE transaction holds the write lock already; an error rolls the
        // batch back and every write of it runs again on its own, this one through the path below.
        if (session.Transaction is { } batch)
        {
            return await CreateInAsync(session, batch, user, identifier, cancellationToken).ConfigureAwait(false);
        }

        // BEGIN IMMEDIATE (deferred: false) takes the write lock now, waiting up to the busy timeout for another writer:
        // the inserts (and the look-up of a loser) cannot interleave with another creation of the same identifier.
        var transaction = session.Connection.BeginTransaction(deferred: false);
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                var creation = await CreateInAsync(session, transaction, user, identifier, cancellationToken).ConfigureAwait(false);
                if (creation.Created)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return creation;
            }
            catch (SqliteException e) when (SqliteDatabase.IsUniqueViolation(e))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                var owner = await FindByIdentifierAsync(session, null, user.AppId, identifier, cancellationToken).ConfigureAwait(false);
                return owner is not null ? new UserCreation(owner, false) : throw new InvalidOperationException($"User '{user.Id}' could not be created.", e);
            }
        }
    }

    // The identifiers table's primary key decides who owns an identifier, so the inserts come first and the owner is
    // read only when they find the identifier (or the id) taken: a creation, the common case, costs no look-up under the
    // write lock. A losing insert is undone inside the same transaction, so nothing of it is ever committed.
    private static async ValueTask<UserCreation> CreateInAsync(
        SqliteSession session, SqliteTransaction transaction, ParaUser user, string identifier, CancellationToken cancellationToken)
    {
        if (await InsertUserAsync(session, transaction, user, cancellationToken).ConfigureAwait(false) == 0)
        {
            return await FindByIdentifierAsync(session, transaction, user.AppId, identifier, cancellationToken).ConfigureAwait(false) is { } existing
                ? new UserCreation(existing, false)
                : throw new InvalidOperationException($"User '{user.Id}' already exists in app '{user.AppId}' with another identifier.");
        }

        if (await InsertIdentifierAsync(session, transaction, user, identifier, cancellationToken).ConfigureAwait(false) == 0)
        {
            var delete = session.Command(DeleteUser, transaction);
            StoreRecords.Add(delete, "app_id", user.AppId);
            StoreRecords.Add(delete, "id", user.Id);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return await FindByIdentifierAsync(session, transaction, user.AppId, identifier, cancellationToken).ConfigureAwait(false) is { } owner
                ? new UserCreation(owner, false)
                : throw new InvalidOperationException($"Identifier '{identifier}' is taken in app '{user.AppId}' but has no owner.");
        }

        var stored = user.Clone();
        stored.Version = 1;
        return new UserCreation(stored, true);
    }

    private static async ValueTask<int> InsertUserAsync(SqliteSession session, SqliteTransaction transaction, ParaUser user, CancellationToken cancellationToken)
    {
        var command = session.Command(InsertUser, transaction);
        StoreRecords.AddUserParameters(command, user, version: 1);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<int> InsertIdentifierAsync(
        SqliteSession session, SqliteTransaction transaction, ParaUser user, string identifier, CancellationToken cancellationToken)
    {
        var command = session.Command(InsertIdentifier, transaction);
        StoreRecords.Add(command, "app_id", user.AppId);
        StoreRecords.Add(command, "identifier", identifier);
        StoreRecords.Add(command, "user_id", user.Id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<ParaUser?> FindByIdentifierAsync(
        SqliteSession session, SqliteTransaction? transaction, string appIdentifier, string identifier, CancellationToken cancellationToken)
    {
        var command = session.Command(SelectByIdentifier, transaction);
        StoreRecords.Add(command, "app_id", appIdentifier);
        StoreRecords.Add(command, "identifier", identifier);
        return await StoreRecords.ReadSingleUserAsync(command, cancellationToken).ConfigureAwait(false);
    }
}
