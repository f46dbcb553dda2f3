// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;

namespace Para.Security.Storage.Sqlite;

/// <summary>An <see cref="IDataProtectionKeyStore"/> in the SQLite database (table <c>data_protection_keys</c>).</summary>
public sealed class SqliteDataProtectionKeyStore : IDataProtectionKeyStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Initializes a new instance of the <see cref="SqliteDataProtectionKeyStore"/> class.</summary>
    /// <param name="database">The SQLite file (<c>para.sqlite.file</c>) as this host uses it; the caller owns it.</param>
    public SqliteDataProtectionKeyStore(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public IReadOnlyList<string> GetAll()
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM data_protection_keys ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <inheritdoc />
    public void Store(string name, string xml)
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING";
        command.Parameters.AddWithValue("@name", name);
        command.Parameters.AddWithValue("@xml", xml);
        command.ExecuteNonQuery();
    }
}
