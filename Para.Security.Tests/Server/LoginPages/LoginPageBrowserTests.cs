// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Server.LoginPages;

/// <summary>
/// What a newcomer does, in a real headless Chromium: start the built server (<c>dotnet Para.Security.Server.dll</c>) with
/// the shipped conf/application.conf (demo mode), open the login page, click "Login with Amazon", pick the pretend
/// account, and land on the signed-in page; then cancel at "Amazon" and land back on the login page with the reason.
/// </summary>
[NonParallelizable]
public sealed class LoginPageBrowserTests
{
    // No internet here: without these Chromium keeps trying (and failing) to reach Google's services.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly StringBuilder _serverOutput = new();
    private Process? _server;
    private DirectoryInfo? _directory;

    [TearDown]
    public void StopServer()
    {
        if (_server is not null)
        {
            try
            {
                if (!_server.HasExited)
                {
                    _server.Kill(entireProcessTree: true);
                    _server.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // It had already exited.
            }

            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            {
                lock (_serverOutput)
                {
                    TestContext.Out.WriteLine("Server output:" + Environment.NewLine + _serverOutput);
                }
            }

            _server.Dispose();
            _server = null;
        }

        try
        {
            _directory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; a leftover temp folder is harmless.
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task DemoServer_LoginWithAmazonInChromium_SignsInPatExampleAndCancelShowsTheFailure()
    {
        // Arrange
        var chromium = FindChromium();
        Requires.That(chromium is not null, "Chromium is not installed (apt-get install chromium); the browser test needs /usr/bin/chromium");
        _directory = Directory.CreateTempSubdirectory("para-browser-test-");
        var port = FreeLoopbackPort();
        await StartServerAsync(port);
        var home = $"http://localhost:{port}/";
        var screenshots = Directory.CreateDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots")).FullName;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(
            Path.Combine(_directory.FullName, "chromium-profile"),
            new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ChromiumArgs,
                ViewportSize = new ViewportSize { Width = 960, Height = 720 },
            });
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();

        // Act: sign in as the pretend account.
        await page.GotoAsync(home);
        await Screenshot(page, screenshots, "1-login.png", "The login page in demo mode");
        await page.GetByRole(AriaRole.Link, new() { Name = "Login with Amazon" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Pat Example" }).ClickAsync();
        await page.WaitForURLAsync(home + "signed-in");
        var name = await page.Locator("#user-name").InnerTextAsync();
        var identifier = await page.Locator("#user-identifier").InnerTextAsync();
        var heading = await page.Locator("h1").InnerTextAsync();
        await Screenshot(page, screenshots, "2-signed-in.png", "The signed-in page after choosing Pat Example");

        // ... sign out, then decline at the pretend Amazon.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(home);
        await page.GetByRole(AriaRole.Link, new() { Name = "Login with Amazon" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        await page.WaitForURLAsync("**/signin?error*");
        var failure = await page.Locator("[role=alert]").InnerTextAsync();
        var failureUrl = page.Url;
        await Screenshot(page, screenshots, "3-cancelled.png", "The login page after cancelling at the pretend Amazon");
        await page.GotoAsync(home + "signed-in");
        var afterSignOut = page.Url;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(heading, Is.EqualTo("You are signed in"));
            Assert.That(name, Is.EqualTo("Pat Example"));
            Assert.That(identifier, Is.EqualTo("az:amzn1.account.DEMOPATEXAMPLE000000000000"));
            Assert.That(failureUrl, Is.EqualTo(home + "signin?error&cause=Bad%20credentials."));
            Assert.That(failure, Does.Contain("Sign-in did not complete.").And.Contain("Reason: Bad credentials.").And.Contain("Try again"));
            Assert.That(afterSignOut, Is.EqualTo(home), "after sign-out the signed-in page sends the browser home");
        });
    }

    private static async Task Screenshot(IPage page, string folder, string file, string description)
    {
        var path = Path.Combine(folder, file);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, description);
    }

    private static string? FindChromium()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The server as built next to this test (same configuration), run as `dotnet run` would, from a scratch directory.
    private static string ServerAssembly()
    {
        var testDirectory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var configuration = testDirectory.Parent?.Name ?? "Debug";
        var path = RepoPaths.InRepo("Para.Security.Server", "bin", configuration, testDirectory.Name, "Para.Security.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build Para.Security.Server first; not found: " + path);
    }

    private async Task StartServerAsync(int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory!.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            ServerAssembly(), "--config", RepoPaths.InRepo("conf", "application.conf"),
            $"--para.port={port}", "--para.sqlite.file=" + Path.Combine(_directory.FullName, "para.db"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The machine's PARA_* variables (real credentials, say) must not change what is tested.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PARA_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, e) => Append(e.Data);
        _server.ErrorDataReceived += (_, e) => Append(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
            {
                Assert.Fail($"The server exited with code {_server.ExitCode}:{Environment.NewLine}{Output()}");
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"))).StatusCode == HttpStatusCode.OK && Output().Contains("DEMO MODE", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Too slow to answer yet.
            }

            await Task.Delay(250);
        }

        Assert.Fail("The server did not answer on port " + port + " within 90 s:" + Environment.NewLine + Output());
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_serverOutput)
            {
                _serverOutput.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_serverOutput)
        {
            return _serverOutput.ToString();
        }
    }
}
