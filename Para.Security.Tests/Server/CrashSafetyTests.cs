// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Net;
using Microsoft.Data.Sqlite;
using Para.Security.Storage.Sqlite;
using Para.Security.Testing;
using Para.Security.Tests.Concurrency;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Server;

/// <summary>
/// The server process on SQLite is killed (SIGKILL) in the middle of a stream of first sign-ins and restarted on the
/// same database: every sign-in that was answered with a success redirect has its user, and no user exists without
/// its identifier record or the other way round.
/// </summary>
[NonParallelizable]
public sealed class CrashSafetyTests
{
    private const int Workers = 6;
    private const int SuccessesBeforeKill = 60;

    [Test]
    public async Task Kill_DuringFirstSignIns_LosesNoConfirmedUserAndLeavesNoHalfWrittenOne()
    {
        // Arrange
        var dir = Directory.CreateTempSubdirectory("para-crash-").FullName;
        await using var amazon = new FakeAmazon();
        var confirmed = new ConcurrentBag<FakeAmazonAccount>();
        var pending = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal); // codes of requests awaiting an answer
        var interrupted = new ConcurrentBag<string>(); // codes of requests the kill left without an answer
        var attempted = 0;
        try
        {
            var server = await ServerProcess.StartAsync(dir, SimultaneousFirstSignInTests.ServerArguments(amazon, "sqlite", 1));
            var callback = new Uri(server.BaseAddress, "/amazon_auth").ToString();
            amazon.AddClient(SimultaneousFirstSignInTests.ClientId, SimultaneousFirstSignInTests.ClientSecret, callback);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            // Act: sign-ins of new users from several workers; kill the server while they are in flight.
            var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var account = SimultaneousFirstSignInTests.NewAccount("crash");
                    var code = amazon.IssueCode(SimultaneousFirstSignInTests.ClientId, callback, account);
                    Interlocked.Increment(ref attempted);
                    pending[code] = 0;
                    try
                    {
                        using var response = await http.GetAsync(new Uri(callback + "?state=para&code=" + Uri.EscapeDataString(code)), stop.Token);
                        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString() == "/")
                        {
                            confirmed.Add(account);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        interrupted.Add(code);
                        return; // the server is gone: this sign-in's outcome is unknown, and so it is not checked
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    finally
                    {
                        pending.TryRemove(code, out var _);
                    }
                }
            })).ToList();
            // Kill once enough sign-ins are confirmed and one is inside the server (its code exchanged, no answer yet).
            // From then on the fake holds its profile answers back, so a sign-in whose code was exchanged is still
            // inside the server at the kill instead of finishing in the moment between the check and the kill.
            while (confirmed.Count < SuccessesBeforeKill && !stop.IsCancellationRequested && workers.Any(w => !w.IsCompleted))
            {
                await Task.Delay(5);
            }

            amazon.WithDelay(FakeAmazonEndpoint.Profile, TimeSpan.FromSeconds(3));
            while (ExchangedAtAmazon(amazon, [.. pending.Keys]) == 0 && !stop.IsCancellationRequested && workers.Any(w => !w.IsCompleted))
            {
                await Task.Delay(5);
            }

            await server.KillAsync();
            amazon.ResetScenarios();
            await Task.WhenAll(workers);
            await stop.CancelAsync();
            var confirmedBeforeKill = confirmed.ToList();
            var interruptedInsideServer = ExchangedAtAmazon(amazon, [.. interrupted]);
            await server.DisposeAsync();

            // Restart on the same database; it must start, keep every confirmed user, and sign in a new one.
            await using var restarted = await ServerProcess.StartAsync(dir, SimultaneousFirstSignInTests.ServerArguments(amazon, "sqlite", 1));
            var newCallback = new Uri(restarted.BaseAddress, "/amazon_auth").ToString();
            amazon.AddClient(SimultaneousFirstSignInTests.ClientId, SimultaneousFirstSignInTests.ClientSecret, callback, newCallback);
            var after = SimultaneousFirstSignInTests.NewAccount("after");
            var afterCode = amazon.IssueCode(SimultaneousFirstSignInTests.ClientId, newCallback, after);
            using var afterResponse = await http.GetAsync(new Uri(newCallback + "?state=para&code=" + Uri.EscapeDataString(afterCode)));

            // Assert
            using var sqlite = new SqliteDatabase(Path.Combine(dir, "data", "para.db"));
            var store = new SqliteUserStore(sqlite);
            var missing = new List<string>();
            foreach (var account in confirmedBeforeKill)
            {
                if (await store.FindByIdentifierAsync("para", "az:" + account.UserId) is null)
                {
                    missing.Add(account.UserId);
                }
            }

            var database = "Data Source=" + Path.Combine(dir, "data", "para.db") + ";Pooling=False";
            var usersWithoutIdentifier = await CountAsync(database,
                "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM identifiers i WHERE i.app_id = u.app_id AND i.user_id = u.id)");
            var identifiersWithoutUser = await CountAsync(database,
                "SELECT count(*) FROM identifiers i WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.app_id = i.app_id AND u.id = i.user_id)");
            var amazonUsers = await CountAsync(database, "SELECT count(*) FROM identifiers WHERE identifier LIKE 'az:%'");
            TestContext.Progress.WriteLine($"crash test: {attempted} sign-ins attempted, {confirmedBeforeKill.Count} confirmed before the kill, {interruptedInsideServer} in the server at the kill, {amazonUsers} Amazon users stored after the restart");
            Assert.Multiple(() =>
            {
                Assert.That(confirmedBeforeKill, Has.Count.GreaterThanOrEqualTo(SuccessesBeforeKill), "enough sign-ins ran before the kill");
                Assert.That(interruptedInsideServer, Is.GreaterThan(0), "sign-ins were in flight at the kill: their codes were exchanged at Amazon, and they got no answer");
                Assert.That(missing, Is.Empty, "every confirmed sign-in's user survived the kill");
                Assert.That(usersWithoutIdentifier, Is.Zero, "no user without its identifier record");
                Assert.That(identifiersWithoutUser, Is.Zero, "no identifier record without its user");
                Assert.That(amazonUsers, Is.GreaterThanOrEqualTo(confirmedBeforeKill.Count + 1));
                Assert.That(afterResponse.Headers.Location?.ToString(), Is.EqualTo("/"), "the restarted server signs in a new user: " + restarted.Output);
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // How many of these codes the server has exchanged at the fake's token endpoint.
    private static int ExchangedAtAmazon(FakeAmazon amazon, HashSet<string> codes) =>
        amazon.TokenRequests.Count(r => r.GetFormValue("code") is { } code && codes.Contains(code));

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
