// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tokens;

namespace Para.Security.Tests.Tokens;

public sealed class ParaJwtValidatorTests
{
    private static readonly long NowSec = ParaTestHost.Now.ToUnixTimeSeconds();

    private static JsonObject Claims(long? exp = 0, long? nbf = null)
    {
        var claims = new JsonObject { ["appid"] = "app:myapp", ["iat"] = NowSec };
        if (exp is not null)
        {
            claims["exp"] = NowSec + exp.Value;
        }

        if (nbf is not null)
        {
            claims["nbf"] = NowSec + nbf.Value;
        }

        return claims;
    }

    private static async Task<bool> ValidateAsync(string token, byte[] key, params (string, string?)[] config)
    {
        using var host = ParaTestHost.Create(config);
        return await host.Get<ParaJwtValidator>().ValidateAsync(token, key);
    }

    [Test]
    public async Task ValidateAsync_ValidHs256_True()
    {
        // Arrange
        var key = TestJwt.Key(32);

        // Act / Assert
        Assert.That(await ValidateAsync(TestJwt.Create("HS256", Claims(60), key), key), Is.True);
    }

    [Test]
    public async Task ValidateAsync_SameTokenAgain_ReusesTheParseButChecksTheSignatureWithTheKeyOfNow()
    {
        // Arrange: the second key stands for the user's token secret after a reset (sign-in, logout).
        var key = TestJwt.Key(32);
        var rotated = TestJwt.Key(32);
        rotated[0] ^= 0xFF;
        var token = TestJwt.Create("HS256", Claims(60), key);

        using var host = ParaTestHost.Create();
        var validator = host.Get<ParaJwtValidator>();

        // Act
        var first = await validator.ValidateAsync(token, key);
        var cached = validator.TryRead(token, out var once) && validator.TryRead(token, out var twice) && ReferenceEquals(once, twice);
        var afterRotation = await validator.ValidateAsync(token, rotated);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True);
            Assert.That(cached, Is.True, "the parse of a token seen before is reused");
            Assert.That(afterRotation, Is.False, "the signature is checked on every use");
        });
    }

    [Test]
    public async Task TryRead_SameTokenInTwoHosts_EachKeepsItsOwnParse()
    {
        // Arrange
        var key = TestJwt.Key(32);
        var token = TestJwt.Create("HS256", Claims(60), key);
        using var host = ParaTestHost.Create();
        using var other = ParaTestHost.Create();
        await host.Get<ParaJwtValidator>().ValidateAsync(token, key);

        // Act
        var read = host.Get<ParaJwtValidator>().TryRead(token, out var here) & other.Get<ParaJwtValidator>().TryRead(token, out var there);

        // Assert: the other host parsed it itself; nothing of the first host's cache is shared.
        Assert.Multiple(() =>
        {
            Assert.That(read, Is.True);
            Assert.That(there, Is.Not.SameAs(here));
        });
    }

    [TestCase("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [TestCase("+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa==")]
    public async Task ValidateAsync_SignatureOfTheRightLengthButNotBase64Url_FalseWithoutThrowing(string signature)
    {
        // Arrange: found by the fuzzer; a malformed signature must be an invalid token, never an exception (a 500).
        var key = TestJwt.Key(32);
        var token = TestJwt.Create("HS256", Claims(60), key);
        var forged = token[..(token.LastIndexOf('.') + 1)] + signature;

        // Act / Assert
        Assert.That(await ValidateAsync(forged, key), Is.False);
    }

    [Test]
    public async Task ValidateAsync_ExpMissing_False()
    {
        // Arrange
        var key = TestJwt.Key(32);

        // Act / Assert
        Assert.That(await ValidateAsync(TestJwt.Create("HS256", Claims(exp: null), key), key), Is.False);
    }

    [Test]
    public async Task ValidateAsync_ExpEqualsNow_True()
    {
        // Arrange: "now" has a millisecond part; exp at the start of the same second is already past it, so use the next one.
        var key = TestJwt.Key(32);
        using var host = ParaTestHost.Create();
        host.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(NowSec + 1));
        var token = TestJwt.Create("HS256", Claims(1), key);

        // Act
        var valid = await host.Get<ParaJwtValidator>().ValidateAsync(token, key);

        // Assert
        Assert.That(valid, Is.True);
    }

    [Test]
    public async Task ValidateAsync_ExpOneMillisecondPast_False()
    {
        // Arrange
        var key = TestJwt.Key(32);
        using var host = ParaTestHost.Create();
        host.Time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(((NowSec + 1) * 1000) + 1));
        var token = TestJwt.Create("HS256", Claims(1), key);

        // Act
        var valid = await host.Get<ParaJwtValidator>().ValidateAsync(token, key);

        // Assert
        Assert.That(valid, Is.False);
    }

    [Test]
    public async Task ValidateAsync_NbfInFuture_False()
    {
        // Arrange
        var key = TestJwt.Key(32);

        // Act / Assert
        Assert.That(await ValidateAsync(TestJwt.Create("HS256", Claims(60, nbf: 5), key), key), Is.False);
    }

    [Test]
    public async Task ValidateAsync_NbfNow_True()
    {
        // Arrange
        var key = TestJwt.Key(32);

        // Act / Assert
        Assert.That(await ValidateAsync(TestJwt.Create("HS256", Claims(60, nbf: 0), key), key), Is.True);
    }

    [Test]
    public async Task ValidateAsync_IatInFuture_NotChecked()
    {
        // Arrange
        var key = TestJwt.Key(32);
        var claims = Claims(60);
        claims["iat"] = NowSec + 3600;

        // Act / Assert
        Assert.That(await ValidateAsync(TestJwt.Create("HS256", claims, key), key), Is.True);
    }

    [TestCase("HS256", 32, true)]
    [TestCase("HS256", 31, false)]
    [TestCase("HS384", 48, true)]
    [TestCase("HS384", 47, false)]
    [TestCase("HS512", 64, true)]
    [TestCase("HS512", 63, false)]
    [TestCase("HS384", 100, true)]
    [TestCase("HS512", 100, true)]
    public async Task ValidateAsync_HmacAlgorithmAndKeyLength_AcceptedOnlyWithLongEnoughKey(string alg, int keyLength, bool expected)
    {
        // Arrange
        var key = TestJwt.Key(keyLength);

        // Act / Assert
        Assert.That(await ValidateAsync(TestJwt.Create(alg, Claims(60), key), key), Is.EqualTo(expected));
    }

    [TestCase("none")]
    [TestCase("RS256")]
    [TestCase("ES256")]
    public async Task ValidateAsync_NonHmacAlgorithm_False(string alg)
    {
        // Arrange
        var key = TestJwt.Key(64);

        // Act / Assert
        Assert.That(await ValidateAsync(TestJwt.Create(alg, Claims(60), key), key), Is.False);
    }

    [Test]
    public async Task ValidateAsync_WrongKey_False()
    {
        // Arrange
        var token = TestJwt.Create("HS256", Claims(60), TestJwt.Key(40));

        // Act / Assert
        Assert.That(await ValidateAsync(token, System.Text.Encoding.UTF8.GetBytes(new string('x', 40))), Is.False);
    }

    [Test]
    public async Task ValidateAsync_PayloadChangedAfterSigning_False()
    {
        // Arrange: the signature of one payload on another (exp pushed an hour later).
        var key = TestJwt.Key(32);
        var signed = TestJwt.Create("HS256", Claims(60), key).Split('.');
        var other = TestJwt.Create("HS256", Claims(3600), key).Split('.');
        var tampered = signed[0] + "." + other[1] + "." + signed[2];

        // Act / Assert
        Assert.That(await ValidateAsync(tampered, key), Is.False);
    }

    [TestCase("")]
    [TestCase("AAAA")]
    [TestCase("not*base64url*at*all*not*base64url*at*all*not*base64")]
    public async Task ValidateAsync_SignatureNotAnHs256Mac_False(string signature)
    {
        // Arrange
        var key = TestJwt.Key(32);
        var parts = TestJwt.Create("HS256", Claims(60), key).Split('.');

        // Act / Assert
        Assert.That(await ValidateAsync(parts[0] + "." + parts[1] + "." + signature, key), Is.False);
    }

    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("a.b.c")]
    [TestCase("eyJhbGciOiJIUzI1NiJ9..")]
    public async Task ValidateAsync_Malformed_FalseWithoutThrowing(string token)
    {
        // Act / Assert
        Assert.That(await ValidateAsync(token, TestJwt.Key(32)), Is.False);
    }

    [Test]
    public async Task ValidateAsync_ClockSkewConfigured_AllowsRecentlyExpired()
    {
        // Arrange
        var key = TestJwt.Key(32);
        var token = TestJwt.Create("HS256", Claims(-10), key);

        // Act
        var strict = await ValidateAsync(token, key);
        var lenient = await ValidateAsync(token, key, ("para:security:jwt_clock_skew", "30"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(strict, Is.False);
            Assert.That(lenient, Is.True);
        });
    }
}
