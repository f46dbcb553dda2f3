// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Net;

namespace Para.Security.Benchmarks.Servers;

/// <summary>
/// <c>oauth-pairs --url http://127.0.0.1:N/login --count K --out FILE</c>: calls the <c>serve-oauth</c> challenge K times
/// and writes one <c>state&lt;TAB&gt;correlation-cookie</c> line per call, for the wrk script of the AddOAuth callback.
/// </summary>
internal static class OAuthPairs
{
    private const string CorrelationPrefix = ".AspNetCore.Correlation.";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var url = new Uri(options.Required("url"));
        if (!IPAddress.IsLoopback(IPAddress.Parse(url.Host)))
        {
            throw new ArgumentException("Only loopback addresses are allowed: " + url);
        }

        var count = int.Parse(options.Required("count"), CultureInfo.InvariantCulture);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        await using var output = new StreamWriter(options.Required("out"));
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(url);
            var location = response.Headers.Location ?? throw new InvalidOperationException($"The challenge answered {(int)response.StatusCode} without a Location.");
            var state = location.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == "state")[1];
            var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CorrelationPrefix, StringComparison.Ordinal)).Split(';')[0];
            await output.WriteLineAsync(state + "\t" + cookie);
        }

        return 0;
    }
}
