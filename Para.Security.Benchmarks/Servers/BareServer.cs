// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Benchmarks.Servers;

/// <summary><c>serve-bare --port N</c>: a bare minimal API answering <c>GET /hello</c> exactly as <c>serve-para</c> does.</summary>
internal static class BareServer
{
    public static string Hello() => "Hello, World!";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var app = BenchArgs.CreateBuilder(options.Port).Build();
        app.MapGet("/hello", Hello);
        await app.RunAsync();
        return 0;
    }
}
