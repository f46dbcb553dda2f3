// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Npgsql;

namespace Para.Security.Storage.PostgreSql;

/// <summary>The PostgreSQL error classes (SQLSTATE) that the stores react to.</summary>
internal static class PostgreSqlErrors
{
    /// <summary>Tells whether an error is <c>unique_violation</c> (23505).</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> for a unique violation.</returns>
    public static bool IsUniqueViolation(PostgresException exception) => exception.SqlState == PostgresErrorCodes.UniqueViolation;

    /// <summary>Tells whether an error is <c>foreign_key_violation</c> (23503).</summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> for a foreign key violation.</returns>
    public static bool IsForeignKeyViolation(PostgresException exception) => exception.SqlState == PostgresErrorCodes.ForeignKeyViolation;

    /// <summary>
    /// Tells whether a transaction failed only because of a concurrent one and can simply run again:
    /// <c>serialization_failure</c> (40001) or <c>deadlock_detected</c> (40P01).
    /// </summary>
    /// <param name="exception">The error.</param>
    /// <returns><see langword="true"/> when running the transaction again may succeed.</returns>
    public static bool IsTransient(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}
