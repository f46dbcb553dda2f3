// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Para.Security.Benchmarks.Servers;

namespace Para.Security.Benchmarks;

/// <summary>
/// One Login-with-Amazon profile read over loopback HTTP/1.1 (the second backchannel call of every sign-in), sent
/// through Para's backchannel client (<c>AddParaBackchannel</c>: IHttpClientFactory with its logging handlers, the
/// client's total timeout, and the resilience handler with GET retries, circuit breaker and attempt timeout), through a factory client
/// without the resilience handler, and through an <see cref="HttpClient"/> built as ASP.NET Core's OAuth handler builds
/// its <c>Backchannel</c> (baseline). The server is an in-process Kestrel answering a fixed profile, the same for all three.
/// Each invocation sends 16 calls at once, so the time per call is the machine's cost of a call, server included.
/// </summary>
[MemoryDiagnoser]
public class BackchannelBenchmarks
{
    private const int Concurrency = 16;

    private const string ProfileJson = """{"user_id":"amzn1.account.bench","name":"Bench User","email":"bench@bench.example"}""";

    private WebApplication _server = null!;
    private ServiceProvider _services = null!;
    private HttpClient _addOAuth = null!;
    private HttpClient _factory = null!;
    private HttpClient _para = null!;
    private Uri _profile = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _server = BenchArgs.CreateBuilder(0).Build();
        _server.MapGet("/user/profile", () => Results.Text(ProfileJson, "application/json"));
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _profile = new Uri(address + "/user/profile");

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddParaBackchannel(new ConfigurationBuilder().Build(), "amazon");
        services.AddHttpClient("factory");
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        _para = factory.CreateClient(BackchannelServiceCollectionExtensions.ClientNamePrefix + "amazon");
        _factory = factory.CreateClient("factory");

        // As Microsoft.AspNetCore.Authentication.OAuth's post-configure step builds a handler's Backchannel.
#pragma warning disable RS0030 // The baseline is exactly the HttpClient that AddOAuth constructs.
        _addOAuth = new HttpClient(new HttpClientHandler())
#pragma warning restore RS0030
        {
            Timeout = TimeSpan.FromSeconds(60),
            MaxResponseContentBufferSize = 1024 * 1024 * 10,
        };
        _addOAuth.DefaultRequestHeaders.UserAgent.ParseAdd("Microsoft ASP.NET Core OAuth handler");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _addOAuth.Dispose();
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Concurrency)]
    public Task AddOAuthBackchannel() => ReadProfilesAsync(_addOAuth);

    [Benchmark(OperationsPerInvoke = Concurrency)]
    public Task FactoryClient() => ReadProfilesAsync(_factory);

    [Benchmark(OperationsPerInvoke = Concurrency)]
    public Task ParaBackchannel() => ReadProfilesAsync(_para);

    // Concurrent calls, as under a sign-in load: the time per call is then the machine's cost of a call (client and
    // server on the same cores), not the latency of one loopback round trip.
    private Task ReadProfilesAsync(HttpClient client)
    {
        var calls = new Task<int>[Concurrency];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = ReadProfileAsync(client);
        }

        return Task.WhenAll(calls);
    }

    private async Task<int> ReadProfileAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _profile);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Add("x-amz-access-token", "Atza|bench");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode ? body.Length : throw new InvalidOperationException($"The profile answered HTTP {(int)response.StatusCode}.");
    }
}
