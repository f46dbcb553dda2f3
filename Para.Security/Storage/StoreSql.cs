// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage;

/// <summary>
/// The statements the SQLite and PostgreSQL stores share word for word (both accept this SQL as it is). Dialect
/// differences (error codes, transactions, locking) stay in each store.
/// </summary>
internal static class StoreSql
{
    /// <summary>Statements on <c>users</c> and <c>identifiers</c>.</summary>
    internal static class Users
    {
        public const string SelectById = "SELECT " + StoreRecords.UserColumns + " FROM users WHERE app_id = @app_id AND id = @id";

        public const string SelectByIdentifier =
            "SELECT " + StoreRecords.UserColumns + " FROM users WHERE app_id = @app_id AND id = " +
            "(SELECT user_id FROM identifiers WHERE app_id = @app_id AND identifier = @identifier)";

        public const string SelectByEmail =
            "SELECT " + StoreRecords.UserColumns + " FROM users WHERE app_id = @app_id AND email = @email " +
            "ORDER BY \"timestamp\", id LIMIT @limit";

        public const string InsertUser =
            "INSERT INTO users (" + StoreRecords.UserColumns + ") VALUES (" + StoreRecords.UserValues + ") ON CONFLICT (app_id, id) DO NOTHING";

        public const string InsertIdentifier =
            "INSERT INTO identifiers (app_id, identifier, user_id) VALUES (@app_id, @identifier, @user_id) " +
            "ON CONFLICT (app_id, identifier) DO NOTHING";

        public const string DeleteUser = "DELETE FROM users WHERE app_id = @app_id AND id = @id";

        public const string UpdateUser = "UPDATE users SET " + StoreRecords.UserAssignments + " WHERE app_id = @app_id AND id = @id RETURNING version";
    }

    /// <summary>Statements on <c>apps</c>.</summary>
    internal static class Apps
    {
        public const string SelectById = "SELECT " + StoreRecords.AppColumns + " FROM apps WHERE id = @id";

        public const string Insert =
            "INSERT INTO apps (" + StoreRecords.AppColumns + ") " +
            "VALUES (@id, @name, @secret, @active, @read_only, @token_validity_sec, @creator_id, @timestamp, @updated, @settings) " +
            "ON CONFLICT (id) DO NOTHING";

        public const string Update =
            "UPDATE apps SET name = @name, secret = @secret, active = @active, read_only = @read_only, " +
            "token_validity_sec = @token_validity_sec, creator_id = @creator_id, \"timestamp\" = @timestamp, updated = @updated, " +
            "settings = @settings WHERE id = @id";

        public const string SelectIds = "SELECT id FROM apps ORDER BY id";
    }
}
