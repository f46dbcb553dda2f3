// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Npgsql;

namespace Para.Security.Storage.PostgreSql;

/// <summary>An <see cref="IDataProtectionKeyStore"/> in PostgreSQL (table <c>data_protection_keys</c>), shared by every instance.</summary>
public sealed class PostgreSqlDataProtectionKeyStore : IDataProtectionKeyStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlDataProtectionKeyStore"/> class.</summary>
    /// <param name="dataSource">The shared data source.</param>
    public PostgreSqlDataProtectionKeyStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <inheritdoc />
    public IReadOnlyList<string> GetAll()
    {
        using var command = _dataSource.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY name");
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
        using var command = _dataSource.CreateCommand("INSERT INTO data_protection_keys (name, xml) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING");
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(xml);
        command.ExecuteNonQuery();
    }
}
