// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Data.Sqlite;

namespace Para.Security.Benchmarks.Servers;

/// <summary><c>count-users --para-db FILE</c>: prints how many users Para's SQLite file holds, for the bench report.</summary>
internal static class CountUsers
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.Required("para-db"), Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM users";
        Console.WriteLine(await command.ExecuteScalarAsync());
        return 0;
    }
}
