// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.DependencyInjection;
using Para.Security.Filters.Amazon;
using Para.Security.Testing;
using Para.Security.Tests.Filters.OAuth;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Para.Security.Tests.Filters.Amazon;

/// <summary>Login with Amazon keeps the provider contract, against <see cref="FakeAmazon"/>.</summary>
public sealed class AmazonContractTests : OAuthProviderContractTests
{
    private FakeAmazon _amazon = null!;

    protected override string ProviderName => AmazonAuthDefaults.ProviderName;

    protected override string CallbackPath => AmazonAuthDefaults.CallbackPath;

    protected override string CredentialsPrefix => AmazonAuthDefaults.CredentialsPrefix;

    protected override string ExpectedIdentifier => AmazonAuthDefaults.IdentifierPrefix + _amazon.DefaultAccount.UserId;

    protected override string RootClientId => AmazonTestHost.RootClientId;

    protected override void AddProvider(ParaSecurityBuilder builder) => builder.AddAmazon();

    protected override Task<Dictionary<string, string?>> StartFakeAsync()
    {
        _amazon = new FakeAmazon().AddClient(AmazonTestHost.RootClientId, AmazonTestHost.RootClientSecret, Callback);
        return Task.FromResult(AmazonTestHost.Settings(_amazon));
    }

    protected override async Task StopFakeAsync()
    {
        try
        {
            _amazon.AssertNoUnmatchedRequests();
        }
        finally
        {
            await _amazon.DisposeAsync();
        }
    }

    protected override void RegisterClient(string clientId, string secret, string redirectUri) => _amazon.AddClient(clientId, secret, redirectUri);

    protected override string IssueCode(string clientId, string redirectUri) => _amazon.IssueCode(clientId, redirectUri);

    protected override string IssueAccessToken(string clientId) => _amazon.IssueAccessToken(clientId);

    protected override IReadOnlyList<string?> TokenRequestValues(string field) => [.. _amazon.TokenRequests.Select(r => r.GetFormValue(field))];

    protected override void InjectFault(ProviderEndpoint endpoint, ProviderFault fault)
    {
        var target = endpoint == ProviderEndpoint.Token ? FakeAmazonEndpoint.Token : FakeAmazonEndpoint.Profile;
        if (fault == ProviderFault.Timeout)
        {
            _amazon.WithDelay(target, TimeSpan.FromSeconds(6));
            return;
        }

        if (endpoint == ProviderEndpoint.Profile && fault == ProviderFault.ClientError)
        {
            // Amazon's answer to a token it does not know (oauth-amazon-facts.md §3.4); the fake has no scenario for it.
            _amazon.Server.Given(Request.Create().WithPath(new Uri(_amazon.ProfileUrl).AbsolutePath).UsingGet()).AtPriority(0).RespondWith(Response.Create()
                .WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error_description":"The request has an invalid parameter : access_token","error":"invalid_token"}"""));
            return;
        }

        _amazon.WithScenario(target, fault switch
        {
            ProviderFault.ClientError => FakeAmazonScenario.InvalidGrant,
            ProviderFault.ServerError => FakeAmazonScenario.ServerError,
            ProviderFault.BadJson => FakeAmazonScenario.TruncatedJson,
            ProviderFault.MissingSubject => FakeAmazonScenario.MissingUserId,
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        });
    }
}
