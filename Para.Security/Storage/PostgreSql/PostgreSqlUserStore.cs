// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Data;
using Npgsql;
using Para.Security.Identity;
using static Para.Security.Storage.StoreSql.Users;

namespace Para.Security.Storage.PostgreSql;

/// <summary>
/// An <see cref="IUserStore"/> in PostgreSQL (<c>para.dao = postgresql</c>), which several server instances can share.
/// A user and its identifier record are inserted in one transaction; the identifier's primary key decides which of
/// several concurrent creations wins (the others wait for it, then roll back and return its user).
/// The schema must exist (see <see cref="PostgreSqlStoreInitializer"/>).
/// </summary>
public sealed class PostgreSqlUserStore : IUserStore
{
    private const int MaxAttempts = 5;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlUserStore"/> class.</summary>
    /// <param name="dataSource">The data source (one per process; the caller owns and disposes it).</param>
    public PostgreSqlUserStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <inheritdoc />
    public async ValueTask<ParaUser?> FindByIdAsync(string appIdentifier, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentNullException.ThrowIfNull(userId);
        var command = _dataSource.CreateCommand(SelectById);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.Add(command, "app_id", appIdentifier);
            StoreRecords.Add(command, "id", userId);
            return await StoreRecords.ReadSingleUserAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ParaUser?> FindByIdentifierAsync(string appIdentifier, string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentNullException.ThrowIfNull(identifier);
        var command = _dataSource.CreateCommand(SelectByIdentifier);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.Add(command, "app_id", appIdentifier);
            StoreRecords.Add(command, "identifier", identifier);
            return await StoreRecords.ReadSingleUserAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ParaUser>> FindByEmailAsync(string appIdentifier, string email, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentNullException.ThrowIfNull(email);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var command = _dataSource.CreateCommand(SelectByEmail);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.Add(command, "app_id", appIdentifier);
            StoreRecords.Add(command, "email", email);
            StoreRecords.Add(command, "limit", (long)limit);
            return await StoreRecords.ReadUsersAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<UserCreation> CreateAsync(ParaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(user.Identifier))
        {
            throw new ArgumentException("A new user needs an identifier.", nameof(user));
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await TryCreateAsync(user, user.Identifier, cancellationToken).ConfigureAwait(false);
                if (outcome is { } creation)
                {
                    return creation;
                }
            }
            catch (PostgresException e) when ((PostgreSqlErrors.IsUniqueViolation(e) || PostgreSqlErrors.IsTransient(e)) && attempt < MaxAttempts)
            {
                // Lost a race in a way ON CONFLICT does not cover; the next attempt sees the winner's committed rows.
            }

            if (attempt >= MaxAttempts)
            {
                throw new InvalidOperationException($"User '{user.Id}' could not be created in app '{user.AppId}' after {MaxAttempts} attempts.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> AddIdentifierAsync(string appIdentifier, string identifier, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        ArgumentNullException.ThrowIfNull(userId);
        var command = _dataSource.CreateCommand(InsertIdentifier);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.Add(command, "app_id", appIdentifier);
            StoreRecords.Add(command, "identifier", identifier);
            StoreRecords.Add(command, "user_id", userId);
            try
            {
                // ON CONFLICT waits for a concurrent inserter of the same identifier, then does nothing if it committed.
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }
            catch (PostgresException e) when (PostgreSqlErrors.IsForeignKeyViolation(e))
            {
                throw new InvalidOperationException($"User '{userId}' does not exist in app '{appIdentifier}'.", e);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask UpdateAsync(ParaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var command = _dataSource.CreateCommand(UpdateUser);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.AddUserParameters(command, user, user.Version);
            var version = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            user.Version = version is long stored ? stored : throw new InvalidOperationException($"User '{user.Id}' does not exist in app '{user.AppId}'.");
        }
    }

    // One attempt, in READ COMMITTED: each statement sees rows committed before it started, and an INSERT ... ON CONFLICT
    // that meets a row another open transaction is inserting waits for that transaction to end. Returns null when the
    // identifier's owner vanished between the conflict and the read (it cannot, as nothing deletes users, but the
    // caller then simply tries again rather than return a wrong answer).
    private async ValueTask<UserCreation?> TryCreateAsync(ParaUser user, string identifier, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var existing = await FindOwnerAsync(connection, user.AppId, identifier, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return new UserCreation(existing, false);
            }

            // READ COMMITTED explicitly, whatever the server's default_transaction_isolation says (see the comment above).
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var userInserted = await InsertUserAsync(connection, transaction, user, cancellationToken).ConfigureAwait(false);
                var identifierInserted = userInserted && await InsertIdentifierAsync(connection, transaction, user, identifier, cancellationToken).ConfigureAwait(false);
                if (identifierInserted)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    var stored = user.Clone();
                    stored.Version = 1;
                    return new UserCreation(stored, true);
                }

                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }

            // Someone else owns the identifier, or this user id is taken (by the winner of the same race, or by an
            // unrelated user, which is the caller's mistake).
            var owner = await FindOwnerAsync(connection, user.AppId, identifier, cancellationToken).ConfigureAwait(false);
            if (owner is not null)
            {
                return new UserCreation(owner, false);
            }

            var sameId = await FindByIdAsync(user.AppId, user.Id, cancellationToken).ConfigureAwait(false);
            return sameId is not null
                ? throw new InvalidOperationException($"User '{user.Id}' already exists in app '{user.AppId}' with another identifier.")
                : null;
        }
    }

    private static async ValueTask<bool> InsertUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ParaUser user, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(InsertUser, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.AddUserParameters(command, user, version: 1);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    private static async ValueTask<bool> InsertIdentifierAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ParaUser user, string identifier, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(InsertIdentifier, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.Add(command, "app_id", user.AppId);
            StoreRecords.Add(command, "identifier", identifier);
            StoreRecords.Add(command, "user_id", user.Id);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    private static async ValueTask<ParaUser?> FindOwnerAsync(NpgsqlConnection connection, string appIdentifier, string identifier, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(SelectByIdentifier, connection);
        await using (command.ConfigureAwait(false))
        {
            StoreRecords.Add(command, "app_id", appIdentifier);
            StoreRecords.Add(command, "identifier", identifier);
            return await StoreRecords.ReadSingleUserAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }
}
