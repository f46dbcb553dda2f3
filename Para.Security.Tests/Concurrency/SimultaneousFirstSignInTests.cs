// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Net;
using Npgsql;
using Para.Security.Storage.PostgreSql;
using Para.Security.Testing;
using Para.Security.Tests.Filters.Amazon;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Concurrency;

/// <summary>
/// A hundred callbacks for the same new Amazon account at once (a user double-clicking, a retrying proxy, several
/// tabs): exactly one user is created, with one identifier record, and every callback signs in. On SQLite, on
/// PostgreSQL, and with two server processes sharing one PostgreSQL database.
/// </summary>
[NonParallelizable]
public sealed class SimultaneousFirstSignInTests
{
    private const int Callbacks = 100;

    [Test]
    public async Task HundredCallbacks_Sqlite_CreateOneUserAndAllSignIn()
    {
        // Arrange
        var dir = Directory.CreateTempSubdirectory("para-race-").FullName;
        try
        {
            await using var host = await AmazonTestHost.StartAsync(new()
            {
                ["para:dao"] = "sqlite",
                ["para:sqlite:file"] = Path.Combine(dir, "para.db"),
                ["para:security:rate_limit:enabled"] = "false",
            });

            // Act, Assert
            await AssertOneUserAndAllSignedInAsync(host);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task HundredCallbacks_PostgreSql_CreateOneUserAndAllSignIn()
    {
        // Arrange
        var cluster = await PostgresCluster.GetSharedAsync();
        await using var host = await AmazonTestHost.StartAsync(new()
        {
            ["para:dao"] = "postgresql",
            ["para:postgresql:connection_string"] = await cluster.CreateDatabaseAsync("race"),
            ["para:security:rate_limit:enabled"] = "false",
        });

        // Act, Assert
        await AssertOneUserAndAllSignedInAsync(host);
    }

    [Test]
    public async Task HundredCallbacks_TwoServerProcessesOnOnePostgreSql_CreateOneUserAndAllSignIn()
    {
        // Arrange: two real servers (distinct worker ids, as two instances must have) on one database, one fake Amazon.
        var cluster = await PostgresCluster.GetSharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync("race_processes");
        await using var amazon = new FakeAmazon();
        var dirs = new[] { Directory.CreateTempSubdirectory("para-race-a-").FullName, Directory.CreateTempSubdirectory("para-race-b-").FullName };
        var servers = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                servers.Add(await ServerProcess.StartAsync(dirs[i], [.. ServerArguments(amazon, "postgresql", i + 1), $"--para.postgresql.connection_string={connectionString}"]));
            }

            var callbacks = servers.Select(s => new Uri(s.BaseAddress, "/amazon_auth").ToString()).ToArray();
            amazon.AddClient(ClientId, ClientSecret, callbacks);
            var account = NewAccount();
            var codes = Enumerable.Range(0, Callbacks).Select(i => (Server: i % 2, Code: amazon.IssueCode(ClientId, callbacks[i % 2], account))).ToList();
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

            // Act
            var responses = await Task.WhenAll(codes.Select(c =>
                http.GetAsync(new Uri(callbacks[c.Server] + "?state=para&code=" + Uri.EscapeDataString(c.Code)))));

            // Assert
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var users = new PostgreSqlUserStore(dataSource);
            var owners = await users.FindByEmailAsync("para", account.Email!, 10);
            var identifiers = await CountAsync(dataSource, "SELECT count(*) FROM identifiers WHERE identifier = @p", "az:" + account.UserId);
            Assert.Multiple(() =>
            {
                Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect), string.Join('\n', servers.Select(s => s.Output)));
                Assert.That(responses.Select(r => r.Headers.Location?.ToString()), Is.All.EqualTo("/"), "every callback signs in");
                Assert.That(owners, Has.Count.EqualTo(1), "exactly one user");
                Assert.That(identifiers, Is.EqualTo(1), "exactly one identifier record");
                Assert.That(amazon.TokenRequests, Has.Count.EqualTo(Callbacks));
            });
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            foreach (var dir in dirs)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    internal const string ClientId = "amzn1.application-oa2-client.process";
    internal const string ClientSecret = "process-client-secret";

    /// <summary>The command line that points a server process at the fake Amazon with the root app's credentials.</summary>
    internal static string[] ServerArguments(FakeAmazon amazon, string dao, int workerId) =>
    [
        "--para.bind_address=127.0.0.1",
        $"--para.dao={dao}",
        $"--para.worker_id={workerId.ToString(CultureInfo.InvariantCulture)}",
        $"--para.az_app_id={ClientId}",
        $"--para.az_secret={ClientSecret}",
        $"--para.security.amazon.token_url={amazon.TokenUrl}",
        $"--para.security.amazon.profile_url={amazon.ProfileUrl}",
        $"--para.security.amazon.tokeninfo_url={amazon.TokenInfoUrl}",
        $"--para.security.amazon.authorize_url={amazon.AuthorizeUrl}",
        "--para.security.rate_limit.enabled=false",
    ];

    internal static FakeAmazonAccount NewAccount(string tag = "race")
    {
        var id = Guid.NewGuid().ToString("N").ToUpperInvariant();
        return new FakeAmazonAccount("amzn1.account." + id, "Racer " + tag, $"{tag}-{id[..12].ToLowerInvariant()}@example.com");
    }

    private static async Task AssertOneUserAndAllSignedInAsync(AmazonTestHost host)
    {
        var account = NewAccount();
        var codes = Enumerable.Range(0, Callbacks).Select(_ => host.Amazon.IssueCode(AmazonTestHost.RootClientId, AmazonTestHost.Callback, account)).ToList();

        // Act
        var responses = await Task.WhenAll(codes.Select(code =>
            Task.Run(() => host.Client.GetAsync(new Uri("/amazon_auth?state=para&code=" + Uri.EscapeDataString(code), UriKind.Relative)))));

        // Assert
        var owners = await host.Users.FindByEmailAsync("para", account.Email!, 10);
        var owner = await host.Users.FindByIdentifierAsync("para", "az:" + account.UserId);
        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
            Assert.That(responses.Select(r => r.Headers.Location?.ToString()), Is.All.EqualTo("/"), "every callback signs in");
            Assert.That(owners, Has.Count.EqualTo(1), "exactly one user");
            Assert.That(owner?.Id, Is.EqualTo(owners.Count > 0 ? owners[0].Id : null), "the identifier belongs to that user");
            Assert.That(host.Amazon.TokenRequests, Has.Count.EqualTo(Callbacks));
        });
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql, string parameter)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("p", parameter);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
