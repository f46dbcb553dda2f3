// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration;
using Para.Security.Server;

namespace Para.Security.Benchmarks.Servers;

/// <summary>
/// <c>serve-para --para.key=value …</c>: Para.Security.Server's own composition (<see cref="ParaServerApp.Create"/>:
/// configuration layering, store, the jwt and amazon filters, the API) plus one endpoint that no filter claims,
/// <c>GET /hello</c>, for the pass-through scenario.
/// </summary>
internal static class ParaBenchServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sources = new ParaConfigurationSources { Arguments = args };
        await using var app = ParaServerApp.Create(sources, Console.Out);
        app.MapGet("/hello", BareServer.Hello);
        await app.RunAsync();
        return 0;
    }
}
