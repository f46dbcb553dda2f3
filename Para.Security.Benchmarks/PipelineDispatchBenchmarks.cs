// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Para.Security.Authentication;
using Para.Security.Pipeline;

namespace Para.Security.Benchmarks;

/// <summary>
/// <see cref="AuthPipelineMiddleware"/> on a request that no filter claims, with the server's filters (<c>jwt</c>: a
/// regular expression; <c>amazon</c>: an exact path), against calling the next middleware directly (baseline). The
/// pass-through must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class PipelineDispatchBenchmarks
{
    private static readonly RequestDelegate Next = static _ => Task.CompletedTask;

    private ServiceProvider _services = null!;
    private AuthPipelineMiddleware _middleware = null!;
    private DefaultHttpContext _unmatched = null!;

    [GlobalSetup]
    public void Setup()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["para:dao"] = "memory" })
            .Build();
        var services = new ServiceCollection();
        services.AddParaSecurity(configuration)
            .AddFilter<JwtBearerAuthFilter>("jwt", AuthFilterOrder.JwtAuth, JwtBearerAuthFilter.Matcher)
            .AddAmazon();
        _services = services.BuildServiceProvider();
        _middleware = new AuthPipelineMiddleware(Next, _services.GetRequiredService<AuthPipeline>(), NullLogger<AuthPipelineMiddleware>.Instance);
        _unmatched = new DefaultHttpContext();
        _unmatched.Request.Method = HttpMethods.Get;
        _unmatched.Request.Path = "/hello";
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public Task NextOnly() => Next(_unmatched);

    [Benchmark]
    public Task Unmatched() => _middleware.InvokeAsync(_unmatched);
}
