// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Security.Cryptography;
using Para.Security.Configuration;

namespace Para.Security.Server.Demo;

/// <summary>
/// Demo mode (<c>para.security.demo = true</c>): the server signs people in with a pretend Login with Amazon that runs
/// in-process on loopback, so a fresh clone works without an Amazon developer account. It never mixes with real
/// credentials: any <c>para.az_*</c> or Amazon endpoint override stops startup.
/// </summary>
internal static class DemoMode
{
    /// <summary>The client id of the pretend Login with Amazon security profile.</summary>
    public const string ClientId = "amzn1.application-oa2-client.demo";

    /// <summary>The Para keys that would point the server at real Login with Amazon (relative to <c>para</c>).</summary>
    public static readonly IReadOnlyList<string> RealAmazonKeys =
    [
        "az_app_id",
        "az_secret",
        "security.amazon.authorize_url",
        "security.amazon.token_url",
        "security.amazon.profile_url",
        "security.amazon.tokeninfo_url",
    ];

    /// <summary>The pretend accounts, in the order the pretend Amazon lists them: "Pat Example" first.</summary>
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        DemoAccount.Pat,
        new("amzn1.account.DEMOSAMSAMPLE0000000000000", "Sam Sample", "sam@example.com", "10001"),
        new("amzn1.account.DEMOALEXNOEMAIL00000000000", "Alex Without-Email", null),
    ];

    /// <summary>Returns whether demo mode is on in a configuration.</summary>
    /// <param name="para">The Para configuration.</param>
    /// <returns><see langword="true"/> when <c>para.security.demo</c> is true.</returns>
    public static bool IsOn(ParaConfig para) => para.GetBoolean("security.demo", false);

    /// <summary>
    /// When demo mode is on: refuses real Amazon settings, starts the pretend Amazon, layers its endpoints and the demo
    /// credentials over the configuration, and makes the server listen on 127.0.0.1 only. Call it after the
    /// configuration and the listen URL are set, before the app is built.
    /// </summary>
    /// <param name="builder">The server's builder.</param>
    /// <returns><see langword="true"/> when demo mode is on.</returns>
    /// <exception cref="StartupConfigurationException">Demo mode is on and real Amazon settings are present.</exception>
    public static bool Apply(WebApplicationBuilder builder)
    {
        var para = new ParaConfig(builder.Configuration);
        if (!IsOn(para))
        {
            return false;
        }

        // Checked on the merged configuration, so a value from the file, a PARA_* variable or --para.key counts alike.
        var conflicts = RealAmazonKeys.Where(key => !string.IsNullOrWhiteSpace(para.Get(key))).Select(key => "para." + key).ToList();
        if (conflicts.Count > 0)
        {
            throw new StartupConfigurationException(
                $"demo mode (para.security.demo = true) uses a pretend Amazon and cannot be combined with real Login with Amazon settings, "
                + $"but {string.Join(", ", conflicts)} {(conflicts.Count == 1 ? "is" : "are")} set. "
                + "Set para.security.demo = false to use real Login with Amazon credentials (e.g. --para.security.demo=false or PARA_SECURITY_DEMO=false), "
                + "or unset those keys to try the demo.");
        }

        // The secret only has to match between the server and its own fake; a fresh one per run is never reused.
        var secret = "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        // No return URL is allowed yet: the server's real port is known only once it listens (it may be 0).
        var amazon = DemoAmazon.Start(ClientId, secret, Accounts, TimeProvider.System);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ParaConfig.ToPath("az_app_id")] = ClientId,
            [ParaConfig.ToPath("az_secret")] = secret,
            [ParaConfig.ToPath("security.amazon.authorize_url")] = amazon.AuthorizeUrl,
            [ParaConfig.ToPath("security.amazon.token_url")] = amazon.TokenUrl,
            [ParaConfig.ToPath("security.amazon.profile_url")] = amazon.ProfileUrl,
            [ParaConfig.ToPath("security.amazon.tokeninfo_url")] = amazon.TokenInfoUrl,
        });

        // Whatever para.bind_address says: the pretend Amazon signs anyone in, so only this machine may reach it.
        var port = para.GetInt64("port", 8080).ToString(CultureInfo.InvariantCulture);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddHostedService(services => new DemoModeService(
            amazon,
            services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>(),
            services.GetRequiredService<ParaConfig>(),
            services.GetRequiredService<StartupOutput>(),
            services.GetRequiredService<ILogger<DemoModeService>>()));
        return true;
    }
}
