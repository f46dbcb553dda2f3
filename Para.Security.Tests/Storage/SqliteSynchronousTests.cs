// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Para.Security.Storage;
using Para.Security.Storage.Sqlite;

namespace Para.Security.Tests.Storage;

/// <summary>
/// <c>para.sqlite.synchronous</c>: SQLite flushes every commit (FULL) unless configured otherwise, so an acknowledged
/// sign-in survives a power cut (issue 28); <c>normal</c> is the documented switch.
/// </summary>
public sealed class SqliteSynchronousTests
{
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("para-sqlite-sync-");

    [TearDown]
    public void TearDown() => _directory.Delete(recursive: true);

    [TestCase(null, SqliteSynchronous.Full)]
    [TestCase("normal", SqliteSynchronous.Normal)]
    [TestCase(" FULL ", SqliteSynchronous.Full)]
    public void ReadFrom_Key_GivesTheMode(string? value, SqliteSynchronous expected)
    {
        // Arrange
        var options = new StoreOptions();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(value is null ? [] : [new KeyValuePair<string, string?>("para:sqlite:synchronous", value)])
            .Build();

        // Act
        options.ReadFrom(configuration);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(options.SqliteSynchronous, Is.EqualTo(expected));
            Assert.That(new StoreOptionsValidator().Validate(Options.DefaultName, options).Succeeded, Is.True);
        });
    }

    [Test]
    public void Validate_UnknownMode_FailsNamingTheKeyAndTheChoices()
    {
        // Arrange
        var options = new StoreOptions { SqliteSynchronousMode = "off" };

        // Act
        var result = new StoreOptionsValidator().Validate(Options.DefaultName, options);

        // Assert
        Assert.That(result.FailureMessage, Does.StartWith("para.sqlite.synchronous = \"off\" is not supported: use \"full\"").And.Contain("\"normal\"").And.Contain("PARA_SQLITE_SYNCHRONOUS"));
    }

    [TestCase(null, 2L, TestName = "OpenAsync_Default_ConnectionFlushesEveryCommit (FULL = 2)")]
    [TestCase(SqliteSynchronous.Normal, 1L, TestName = "OpenAsync_Normal_ConnectionFlushesAtCheckpoints (NORMAL = 1)")]
    public async Task OpenAsync_Mode_SetsThePragma(SqliteSynchronous? mode, long expected)
    {
        // Arrange
        var file = Path.Combine(_directory.FullName, $"{mode}.db");
        using var database = mode is { } chosen ? new SqliteDatabase(file, chosen) : new SqliteDatabase(file);

        // Act
        long actual;
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous";
            actual = (long)(await pragma.ExecuteScalarAsync())!;
        }

        // Assert
        Assert.That(actual, Is.EqualTo(expected));
    }
}
