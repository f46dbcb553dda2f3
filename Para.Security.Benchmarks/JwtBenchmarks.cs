// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Para.Security.Identity;
using Para.Security.Tokens;

namespace Para.Security.Benchmarks;

/// <summary>
/// Issuing and validating a Para session JWT (HS256, Para's claims) with <see cref="ParaJwtIssuer"/> and
/// <see cref="ParaJwtValidator"/>, against a plain <see cref="JsonWebTokenHandler"/> doing the same with a
/// <see cref="SecurityTokenDescriptor"/> and cached <see cref="TokenValidationParameters"/> (baselines).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class JwtBenchmarks
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    private ParaApp _app = null!;
    private ParaUser _user = null!;
    private ParaJwtIssuer _issuer = null!;
    private ParaJwtValidator _validator = null!;
    private SigningCredentials _credentials = null!;
    private TokenValidationParameters _parameters = null!;
    private string _token = string.Empty;

    [GlobalSetup]
    public async Task Setup()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["para:dao"] = "memory",
                ["para:security:one_session_per_user"] = "false", // no store write per issue: the token alone is measured
            })
            .Build();
        var services = new ServiceCollection();
        services.AddParaSecurity(configuration);
        var provider = services.BuildServiceProvider();
        _issuer = provider.GetRequiredService<ParaJwtIssuer>();
        _validator = provider.GetRequiredService<ParaJwtValidator>();
        _app = new ParaApp { Id = "app:para", Secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789" };
        _user = new ParaUser
        {
            Id = "3562971786930819072",
            AppId = "para",
            Identifier = "az:amzn1.account.bench",
            Active = true,
            TokenSecret = "tokensecret-tokensecret-tokensecret",
        };
        _token = (await _issuer.IssueSessionTokenAsync(_app, _user))!.AccessToken;
        _credentials = new SigningCredentials(new SymmetricSecurityKey(ParaJws.UserKey(_app, _user)), SecurityAlgorithms.HmacSha256);
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = _credentials.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.Zero,
        };
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Issue")]
    public string IssueJsonWebTokenHandler()
    {
        var now = DateTimeOffset.UtcNow;
        var seconds = now.ToUnixTimeSeconds();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                [ParaJwtClaimNames.IssuedAt] = seconds,
                [ParaJwtClaimNames.Expires] = seconds + 86_400,
                [ParaJwtClaimNames.NotBefore] = seconds,
                [ParaJwtClaimNames.Refresh] = now.ToUnixTimeMilliseconds() + 3_600_000,
                [ParaJwtClaimNames.AppId] = _app.Id,
                [ParaJwtClaimNames.Subject] = _user.Id,
                [ParaJwtClaimNames.IdentityProvider] = _user.IdentityProvider,
            },
            SigningCredentials = _credentials,
        });
    }

    [Benchmark]
    [BenchmarkCategory("Issue")]
    public async Task<string> IssueParaJwtIssuer() => (await _issuer.IssueSessionTokenAsync(_app, _user))!.AccessToken;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Validate")]
    public async Task<bool> ValidateJsonWebTokenHandler() => (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;

    [Benchmark]
    [BenchmarkCategory("Validate")]
    public Task<bool> ValidateParaJwtValidator() => _validator.ValidateUserTokenAsync(_token, _app, _user);
}
