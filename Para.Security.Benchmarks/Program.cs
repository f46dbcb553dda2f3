// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using BenchmarkDotNet.Running;
using Para.Security.Benchmarks;
using Para.Security.Benchmarks.Servers;

// bench/run starts the side-by-side servers through these modes; anything else goes to BenchmarkDotNet's switcher.
return args switch
{
    ["serve-para", .. var rest] => await ParaBenchServer.RunAsync(rest),
    ["serve-bare", .. var rest] => await BareServer.RunAsync(rest),
    ["serve-jwtbearer", .. var rest] => await JwtBearerServer.RunAsync(rest),
    ["serve-oauth", .. var rest] => await OAuthServer.RunAsync(rest),
    ["serve-fakeamazon", .. var rest] => await FakeAmazonServer.RunAsync(rest),
    ["oauth-pairs", .. var rest] => await OAuthPairs.RunAsync(rest),
    ["count-users", .. var rest] => await CountUsers.RunAsync(rest),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(HoconParseBenchmarks).Assembly).Run(args);
    return 0;
}
