// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Time.Testing;
using Para.Security.Diagnostics;
using Para.Security.Filters.OAuth;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>An id_token counts only when signed by the provider's JWKS, for this client, unexpired, with this sign-in's nonce.</summary>
public sealed class OpenIdTokenValidatorTests
{
    private const string ClientId = "client-1";

    private WireMockServer _op = null!;
    private TestBackchannel _client = null!;
    private FakeTimeProvider _time = null!;
    private OidcTestKeys _key = null!;
    private OpenIdTokenValidator _validator = null!;
    private OpenIdConnectValidation _validation = null!;

    [SetUp]
    public void SetUp()
    {
        _op = WireMockServer.Start();
        _time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        _key = new OidcTestKeys("k1");
        ServeJwks(_key);
        _client = new TestBackchannel("op", _time);
        _validator = new OpenIdTokenValidator(_client.Backchannel, _time);
        _validation = new OpenIdConnectValidation(OidcTestKeys.Issuer, new Uri(_op.Url + "/jwks"), ClientId);
    }

    [TearDown]
    public void TearDown()
    {
        _key.Dispose();
        _client.Dispose();
        _op.Stop();
        _op.Dispose();
    }

    [Test]
    public async Task ValidateAsync_TokenSignedByTheProviderForThisClient_ReturnsItsClaims()
    {
        // Act
        var result = await ValidateAsync(_key.IdToken(_time.GetUtcNow(), ClientId, nonce: "n-1"), "n-1");

        // Assert
        using var claims = result.Value;
        Assert.That(claims?.RootElement.GetProperty("sub").GetString(), Is.EqualTo("op-user-1"), result.Detail);
    }

    public static IEnumerable<TestCaseData> Invalid()
    {
        yield return new TestCaseData("issuer").SetName("ValidateAsync_OtherIssuer_IsInvalid");
        yield return new TestCaseData("audience").SetName("ValidateAsync_OtherAudience_IsInvalid");
        yield return new TestCaseData("expired").SetName("ValidateAsync_Expired_IsInvalid");
        yield return new TestCaseData("nonce").SetName("ValidateAsync_OtherNonce_IsInvalid");
        yield return new TestCaseData("no-nonce").SetName("ValidateAsync_NonceMissingWhenExpected_IsInvalid");
        yield return new TestCaseData("forged").SetName("ValidateAsync_SignedByAKeyNotInTheJwks_IsInvalid");
        yield return new TestCaseData("unsigned").SetName("ValidateAsync_UnsignedAlgNone_IsInvalid");
        yield return new TestCaseData("missing").SetName("ValidateAsync_NoIdToken_IsInvalid");
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task ValidateAsync_BadToken_FailsWithIdTokenInvalid(string what)
    {
        // Arrange
        using var forger = new OidcTestKeys("k1");
        var now = _time.GetUtcNow();
        var token = what switch
        {
            "issuer" => _key.IdToken(now, ClientId, nonce: "n-1", issuer: "https://evil.example"),
            "audience" => _key.IdToken(now, "another-client", nonce: "n-1"),
            "expired" => _key.IdToken(now.AddMinutes(-30), ClientId, nonce: "n-1"),
            "nonce" => _key.IdToken(now, ClientId, nonce: "n-2"),
            "no-nonce" => _key.IdToken(now, ClientId),
            "forged" => forger.IdToken(now, ClientId, nonce: "n-1"),
            "unsigned" => "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
                $"{{\"iss\":\"{OidcTestKeys.Issuer}\",\"aud\":\"{ClientId}\",\"sub\":\"victim\",\"nonce\":\"n-1\",\"exp\":{now.AddMinutes(5).ToUnixTimeSeconds()}}}") + ".",
            _ => null,
        };

        // Act
        var result = await ValidateAsync(token, "n-1");

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.Null);
            Assert.That(result.ErrorCode, Is.EqualTo(ParaSecurityErrors.IdTokenInvalid));
        });
    }

    [Test]
    public async Task ValidateAsync_TwoTokens_FetchTheKeySetOnce()
    {
        // Act
        await ValidateAsync(_key.IdToken(_time.GetUtcNow(), ClientId), null);
        var second = await ValidateAsync(_key.IdToken(_time.GetUtcNow(), ClientId), null);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(second.Value, Is.Not.Null, second.Detail);
            Assert.That(_op.LogEntries.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ValidateAsync_ProviderRotatedItsKey_FetchesTheKeySetAgainOnceTheRefreshIntervalHasPassed()
    {
        // Arrange: the keys are cached, then the provider signs with a new key.
        await ValidateAsync(_key.IdToken(_time.GetUtcNow(), ClientId), null);
        using var rotated = new OidcTestKeys("k2");
        ServeJwks(_key, rotated);

        // Act
        var tooSoon = await ValidateAsync(rotated.IdToken(_time.GetUtcNow(), ClientId), null);
        _time.Advance(OpenIdTokenValidator.MinimumRefreshInterval + TimeSpan.FromSeconds(1));
        var later = await ValidateAsync(rotated.IdToken(_time.GetUtcNow(), ClientId), null);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(tooSoon.ErrorCode, Is.EqualTo(ParaSecurityErrors.IdTokenInvalid), "unknown keys cannot make every sign-in fetch");
            Assert.That(later.Value, Is.Not.Null, later.Detail);
            Assert.That(_op.LogEntries.Count, Is.EqualTo(2));
        });
    }

    private Task<OAuthStepResult<System.Text.Json.JsonDocument>> ValidateAsync(string? token, string? nonce) =>
        _validator.ValidateAsync("op", token, _validation, nonce, CancellationToken.None);

    private void ServeJwks(params OidcTestKeys[] keys)
    {
        _op.ResetMappings();
        _op.Given(Request.Create().WithPath("/jwks").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(OidcTestKeys.Jwks(keys)));
    }
}
