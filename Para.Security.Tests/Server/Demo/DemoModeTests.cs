// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Para.Security.Server;
using Para.Security.Server.Commands;
using Para.Security.Server.Demo;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tests.Server.LoginPages;

namespace Para.Security.Tests.Server.Demo;

/// <summary>Demo mode on Kestrel (real ports): the pretend Amazon, loopback-only listening and the refusal of real credentials.</summary>
public sealed partial class DemoModeTests
{
    private const string Fix = "Set para.security.demo = false to use real Login with Amazon credentials";

    private static IEnumerable<TestCaseData> RealAmazonSettings()
    {
        yield return new TestCaseData(new[] { "--para.az_app_id=amzn1.application-oa2-client.real" }, null, "para.az_app_id").SetName("command line az_app_id");
        yield return new TestCaseData(Array.Empty<string>(), new Dictionary<string, string> { ["PARA_AZ_SECRET"] = "real" }, "para.az_secret").SetName("environment PARA_AZ_SECRET");
        yield return new TestCaseData(Array.Empty<string>(), new Dictionary<string, string> { ["PARA_SECURITY_AMAZON_TOKEN_URL"] = "https://api.amazon.com/auth/o2/token" }, "para.security.amazon.token_url").SetName("environment token_url");
        foreach (var key in new[] { "authorize_url", "profile_url", "tokeninfo_url" })
        {
            yield return new TestCaseData(new[] { $"--para.security.amazon.{key}=https://proxy.example/x" }, null, "para.security.amazon." + key).SetName("command line " + key);
        }
    }

    [TestCaseSource(nameof(RealAmazonSettings))]
    public void Create_DemoWithRealAmazonSettings_FailsNamingTheKeyAndTheFix(string[] arguments, Dictionary<string, string>? environment, string key)
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("para-demo-test-");
        var sources = ServerAppHost.Sources(directory, environment, ["--para.security.demo=true", .. arguments]);

        // Act
        var exception = Assert.Throws<StartupConfigurationException>(() => ParaServerApp.Create(sources, TextWriter.Null));

        // Assert
        Assert.That(exception!.Message, Does.Contain(key).And.Contain(Fix));
        directory.Delete(recursive: true);
    }

    [Test]
    public void Create_DemoAndCredentialsBothInTheConfigFile_Fails()
    {
        // Arrange: Para's ./para-application.conf in the working directory.
        var directory = Directory.CreateTempSubdirectory("para-demo-test-");
        File.WriteAllText(Path.Combine(directory.FullName, "para-application.conf"), "para { security.demo = true, az_app_id = \"a\", az_secret = \"b\" }\n");

        // Act
        var exception = Assert.Throws<StartupConfigurationException>(() => ParaServerApp.Create(ServerAppHost.Sources(directory, null), TextWriter.Null));

        // Assert
        Assert.That(exception!.Message, Does.Contain("but para.az_app_id, para.az_secret are set."));
        directory.Delete(recursive: true);
    }

    [Test]
    public async Task RunAsync_DemoWithRealCredentials_PrintsOneLineAndExits2()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("para-demo-test-");
        var config = Path.Combine(directory.FullName, "demo.conf");
        await File.WriteAllTextAsync(config, "para { dao = \"memory\", security.demo = true }\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Act
        var exit = await ServerCommandLine.RunAsync(["--config", config, "--para.az_secret=real-secret"], output, error);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error.ToString().TrimEnd(), Does.StartWith("Para.Security.Server cannot start: demo mode (para.security.demo = true)")
                .And.Contain("para.az_secret is set").And.Contain(Fix).And.Not.Contain("real-secret").And.Not.Contain(" at "));
            Assert.That(error.ToString().TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        });
        directory.Delete(recursive: true);
    }

    [Test]
    public async Task Start_DemoWithBindAddressAnyInterface_ListensOnLoopbackOnly()
    {
        // Arrange, Act
        await using var host = await ServerAppHost.StartKestrelAsync("--para.security.demo=true", "--para.bind_address=0.0.0.0");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(host.App.Urls, Is.Not.Empty.And.All.Match(@"^http://127\.0\.0\.1:[1-9][0-9]*$"));
            Assert.That(host.Output.ToString(), Does.Contain("DEMO MODE").And.Contain($"Open http://localhost:{host.BaseUrl.Port}/ ")
                .And.Contain("set para.security.demo = false"));
        });
    }

    [Test]
    public async Task Start_DemoOff_HasNoPretendAmazonAndKeepsTheBindAddress()
    {
        // Arrange, Act
        await using var host = await ServerAppHost.StartKestrelAsync("--para.bind_address=0.0.0.0");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(host.Services.GetServices<IHostedService>().OfType<DemoModeService>(), Is.Empty);
            Assert.That(host.App.Urls.Single(), Does.StartWith("http://0.0.0.0:").Or.StartWith("http://[::]:"));
            Assert.That(host.Output.ToString(), Does.Not.Contain("DEMO MODE"));
        });
    }

    [Test]
    public async Task Flow_ShippedConfigInDemoMode_SignsInPatExampleOnTheActualPort()
    {
        // Arrange: the repository's conf/application.conf as shipped, on a port chosen by the OS.
        await using var host = await ServerAppHost.StartKestrelAsync("--config", RepoPaths.InRepo("conf", "application.conf"), "--para.dao=memory", "--para.port=0");
        var home = new Uri($"http://localhost:{host.BaseUrl.Port}/");
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });

        // Act: the login page's button, the pretend consent page, the pretend account's link.
        var button = LoginPageEndpointsTests.ButtonHref(await browser.GetStringAsync(home))!;
        using var consentPage = await browser.GetAsync(new Uri(home, button)); // /amazon_auth/start, then the pretend Amazon
        var consent = await consentPage.Content.ReadAsStringAsync();
        var pat = new Uri(consentPage.RequestMessage!.RequestUri!, WebUtility.HtmlDecode(AccountLink().Match(consent).Groups["href"].Value));
        var signedIn = await browser.GetAsync(pat);
        var page = await signedIn.Content.ReadAsStringAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(button, Is.EqualTo("/amazon_auth/start?appid=para"));
            Assert.That(consentPage.RequestMessage!.RequestUri!.Query, Does.Contain($"&redirect_uri=http%3A%2F%2Flocalhost%3A{host.BaseUrl.Port}%2Famazon_auth&"));
            Assert.That(consent, Does.Contain("Pat Example").And.Contain("Cancel"));
            Assert.That(signedIn.RequestMessage!.RequestUri, Is.EqualTo(new Uri(home, "/signed-in")));
            Assert.That(page, Does.Contain("<dd id=\"user-name\">Pat Example</dd>").And.Contain("az:amzn1.account.DEMOPATEXAMPLE000000000000")
                .And.Contain("pat@example.com").And.Contain("app:para"));
        });
    }

    [Test]
    public async Task Flow_ShippedConfigCancelAtAmazon_ReturnsToTheLoginPageWithTheReason()
    {
        // Arrange
        await using var host = await ServerAppHost.StartKestrelAsync("--config", RepoPaths.InRepo("conf", "application.conf"), "--para.dao=memory", "--para.port=0");
        var home = new Uri($"http://127.0.0.1:{host.BaseUrl.Port}/");
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        var button = LoginPageEndpointsTests.ButtonHref(await browser.GetStringAsync(home))!;
        using var consentPage = await browser.GetAsync(new Uri(home, button));
        var consent = await consentPage.Content.ReadAsStringAsync();

        // Act
        var cancel = new Uri(consentPage.RequestMessage!.RequestUri!, WebUtility.HtmlDecode(CancelLink().Match(consent).Groups["href"].Value));
        var back = await browser.GetAsync(cancel);
        var page = await back.Content.ReadAsStringAsync();

        // Assert: 127.0.0.1 is an allowed return URL too, and the failure lands on /signin with the cause.
        Assert.Multiple(() =>
        {
            Assert.That(back.RequestMessage!.RequestUri!.PathAndQuery, Is.EqualTo("/signin?error&cause=Bad%20credentials."));
            Assert.That(page, Does.Contain("Sign-in did not complete.").And.Contain("Reason: Bad credentials."));
        });
    }

    [Test]
    public async Task Stop_DemoMode_DisposesThePretendAmazon()
    {
        // Arrange
        var host = await ServerAppHost.StartKestrelAsync("--para.security.demo=true");
        var amazon = host.Services.GetServices<IHostedService>().OfType<DemoModeService>().Single().Amazon;
        using var client = new HttpClient();
        var before = await client.GetAsync(new Uri(amazon.AuthorizeUrl));

        // Act
        await host.DisposeAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the fake answered while the server ran");
            Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(amazon.AuthorizeUrl)));
        });
    }

    [GeneratedRegex("<a href=\"(?<href>[^\"]*fake_account=amzn1\\.account\\.DEMOPATEXAMPLE[^\"]*)\">Pat Example")]
    private static partial Regex AccountLink();

    [GeneratedRegex("<a href=\"(?<href>[^\"]*fake_decision=deny[^\"]*)\">Cancel</a>")]
    private static partial Regex CancelLink();
}
