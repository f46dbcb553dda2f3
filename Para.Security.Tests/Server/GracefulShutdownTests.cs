// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Para.Security.Testing;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Server;

/// <summary>
/// SIGTERM on the real server process: it stops accepting connections at once, lets a sign-in in flight finish within
/// <c>para.shutdown_grace_period</c>, and exits; a sign-in that needs longer is cut at the end of the period.
/// </summary>
public sealed class GracefulShutdownTests
{
    private const string ClientId = "amzn1.application-oa2-client.shutdown";
    private const string ClientSecret = "shutdown-client-secret";

    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        Requires.That(!OperatingSystem.IsWindows(), "SIGTERM is a Unix signal.");
        _dir = Directory.CreateTempSubdirectory("para-shutdown-").FullName;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Sigterm_SignInInFlight_RefusesNewConnectionsFinishesTheSignInAndExits0()
    {
        // Arrange: the provider's profile call takes 6 s.
        await using var run = await StartSignInAsync(TimeSpan.FromSeconds(6), "30s");
        var server = run.Server;

        // Act
        server.Terminate();
        var refusedWhileInFlight = await ConnectionRefusedAsync(server.Port, TimeSpan.FromSeconds(5)) && !run.SignIn.IsCompleted;
        var response = await run.SignIn;
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(refusedWhileInFlight, Is.True, "new connections are refused while the sign-in is still running");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.ToString(), Does.Not.Contain("error"), "the sign-in succeeded: " + response.Headers.Location);
            Assert.That(exitCode, Is.Zero, server.Output);
        });
    }

    [Test]
    public async Task Sigterm_SignInLongerThanTheGracePeriod_IsCutAndTheServerExitsAfterThePeriod()
    {
        // Arrange: the profile call takes 60 s; the grace period is 1 s.
        await using var run = await StartSignInAsync(TimeSpan.FromSeconds(60), "1s");

        // Act
        run.Server.Terminate();
        var exitCode = await run.Server.WaitForExitAsync(TimeSpan.FromSeconds(20));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Null, "the server exited well before the sign-in could have finished");
            Assert.That(async () => await run.SignIn, Throws.InstanceOf<HttpRequestException>(), "the sign-in was cut");
        });
    }

    [Test]
    public async Task Create_GracePeriodKey_SetsTheHostShutdownTimeout()
    {
        // Arrange, Act
        await using var host = await ServerAppHost.StartTestServerAsync("--para.shutdown_grace_period=45s");

        // Assert
        Assert.That(host.Get<IOptions<HostOptions>>().Value.ShutdownTimeout, Is.EqualTo(TimeSpan.FromSeconds(45)));
    }

    // Starts the fake provider (profile answers delayed) and the server, and a sign-in that is inside the profile call.
    private async Task<InFlight> StartSignInAsync(TimeSpan profileDelay, string gracePeriod)
    {
        var amazon = new FakeAmazon();
        amazon.WithDelay(FakeAmazonEndpoint.Profile, profileDelay, times: 1);
        amazon.AddClient(ClientId, ClientSecret);
        var server = await ServerProcess.StartAsync(
            _dir,
            "--para.dao=memory",
            $"--para.az_app_id={ClientId}",
            $"--para.az_secret={ClientSecret}",
            $"--para.security.amazon.authorize_url={amazon.AuthorizeUrl}",
            $"--para.security.amazon.token_url={amazon.TokenUrl}",
            $"--para.security.amazon.profile_url={amazon.ProfileUrl}",
            $"--para.security.amazon.tokeninfo_url={amazon.TokenInfoUrl}",
            "--para.security.backchannel.attempt_timeout=90s",
            "--para.security.backchannel.total_timeout=90s",
            $"--para.shutdown_grace_period={gracePeriod}");
        var signIn = SignInAsync(server, amazon);
        await WaitForTokenCallAsync(amazon, signIn);
        return new InFlight(amazon, server, signIn);
    }

    private static async Task<HttpResponseMessage> SignInAsync(ServerProcess server, FakeAmazon amazon)
    {
        var code = amazon.IssueCode(ClientId, new Uri(server.BaseAddress, "/amazon_auth").ToString(), new FakeAmazonAccount("amzn1.account.SHUTDOWN", "Shut Down", "shutdown@example.com"));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(90) };
        return await http.GetAsync(new Uri(server.BaseAddress, "/amazon_auth?state=para&code=" + Uri.EscapeDataString(code)));
    }

    // The code exchange has been answered, so the server is in its profile call (delayed), inside the sign-in request.
    private static async Task WaitForTokenCallAsync(FakeAmazon amazon, Task signIn)
    {
        for (var i = 0; i < 600 && amazon.TokenRequests.Count == 0 && !signIn.IsCompleted; i++)
        {
            await Task.Delay(50);
        }

        Assert.That(amazon.TokenRequests, Has.Count.EqualTo(1), "the sign-in reached the provider");
    }

    private sealed record InFlight(FakeAmazon Amazon, ServerProcess Server, Task<HttpResponseMessage> SignIn) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Amazon.DisposeAsync();
        }
    }

    private static async Task<bool> ConnectionRefusedAsync(int port, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        while (!deadline.IsCancellationRequested)
        {
            using var socket = new TcpClient();
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
            }
            catch (SocketException)
            {
                return true;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        return false;
    }
}
