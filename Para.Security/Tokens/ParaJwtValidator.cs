// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Para.Security.Configuration;
using Para.Security.Identity;

namespace Para.Security.Tokens;

/// <summary>
/// Verifies Para tokens as Para's <c>isValidJWToken</c> does (para-spec.md §5.1, §5.6): an HMAC signature (HS256, HS384
/// or HS512, each only with a key of at least 32, 48 or 64 bytes; <c>none</c>, RS* and ES* are rejected), a
/// <b>required</b> <c>exp</c> not before now (equal to now is valid) and, when present, an <c>nbf</c> not after now.
/// <c>iat</c>, <c>iss</c>, <c>aud</c> and <c>jti</c> are not checked. Clock skew is <c>para.security.jwt_clock_skew</c>
/// seconds, 0 (none, as in Para) by default.
/// </summary>
public sealed class ParaJwtValidator
{
    private static readonly JsonWebTokenHandler Handler = new();
    private static readonly Task<bool> True = Task.FromResult(true);
    private static readonly Task<bool> False = Task.FromResult(false);

    private readonly TimeProvider _timeProvider;
    private readonly long _clockSkewMs;
    private readonly ParsedTokenCache _parsed = new();

    /// <summary>Initializes a new instance of the <see cref="ParaJwtValidator"/> class.</summary>
    /// <param name="config">The Para configuration; reads <c>para.security.jwt_clock_skew</c>.</param>
    /// <param name="timeProvider">The clock.</param>
    public ParaJwtValidator(ParaConfig config, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(config);
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _clockSkewMs = Math.Max(0, config.GetInt64("security.jwt_clock_skew", 0)) * 1000;
    }

    /// <summary>Validates a user token (session or ID token) against app secret + user token secret.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="app">The token's app.</param>
    /// <param name="user">The token's user, as stored now.</param>
    /// <returns><see langword="true"/> when the token is valid.</returns>
    public Task<bool> ValidateUserTokenAsync(string token, ParaApp app, ParaUser user)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(user);
        return ValidateAsync(token, ParaJws.UserKey(app, user));
    }

    /// <summary>Validates a super token against the app secret.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="app">The token's app.</param>
    /// <returns><see langword="true"/> when the token is valid.</returns>
    public Task<bool> ValidateSuperTokenAsync(string token, ParaApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return ValidateAsync(token, ParaJws.AppKey(app));
    }

    /// <summary>Validates a token against a secret string (its UTF-8 bytes are the key), e.g. a passwordless <c>app_secret_key</c>.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="secret">The secret.</param>
    /// <returns><see langword="true"/> when the token is valid.</returns>
    public Task<bool> ValidateAsync(string token, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return ValidateAsync(token, Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Validates a token against raw key bytes.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="key">The HMAC key.</param>
    /// <returns><see langword="true"/> when the token is valid; never throws for malformed input.</returns>
    public Task<bool> ValidateAsync(string token, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return !string.IsNullOrWhiteSpace(token) && TryRead(token, out var jwt) && IsValid(token, jwt, key) ? True : False;
    }

    /// <summary>Validates a user token that <see cref="ParaJwtExtractor"/> already parsed, without parsing it again.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="jwt">The token, as parsed from <paramref name="token"/>.</param>
    /// <param name="app">The token's app.</param>
    /// <param name="user">The token's user, as stored now.</param>
    /// <returns><see langword="true"/> when the token is valid.</returns>
    internal bool IsValidUserToken(string token, JsonWebToken jwt, ParaApp app, ParaUser user) => IsValid(token, jwt, ParaJws.UserKey(app, user));

    /// <summary>Validates a super token that <see cref="ParaJwtExtractor"/> already parsed, without parsing it again.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="jwt">The token, as parsed from <paramref name="token"/>.</param>
    /// <param name="app">The token's app.</param>
    /// <returns><see langword="true"/> when the token is valid.</returns>
    internal bool IsValidSuperToken(string token, JsonWebToken jwt, ParaApp app) => IsValid(token, jwt, ParaJws.AppKey(app));

    // The checks JsonWebTokenHandler.ValidateTokenAsync made with Para's parameters (a signed JWS, alg HS256/384/512,
    // one symmetric key; issuer, audience and lifetime off), done on the token already parsed: the HMAC of
    // "header.payload" compared in constant time with the signature. Then Para's own lifetime rules.
    private bool IsValid(string token, JsonWebToken jwt, byte[] key)
    {
        if (jwt.IsEncrypted)
        {
            return false;
        }

        var (minimumKeyBytes, hashBytes) = jwt.Alg switch
        {
            SecurityAlgorithms.HmacSha256 => (32, 32),
            SecurityAlgorithms.HmacSha384 => (48, 48),
            SecurityAlgorithms.HmacSha512 => (64, 64),
            _ => (int.MaxValue, 0),
        };
        if (key.Length < minimumKeyBytes)
        {
            return false;
        }

        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0 || token.Length - lastDot - 1 != Base64Url.GetEncodedLength(hashBytes))
        {
            return false;
        }

        // TryDecodeFromChars throws on characters outside base64url instead of returning false: check them first.
        var encodedSignature = token.AsSpan(lastDot + 1);
        Span<byte> signature = stackalloc byte[64];
        if (!Base64Url.IsValid(encodedSignature, out var decodedLength) || decodedLength != hashBytes
            || !Base64Url.TryDecodeFromChars(encodedSignature, signature, out var signatureBytes) || signatureBytes != hashBytes)
        {
            return false;
        }

        var signingInput = token.AsSpan(0, lastDot);
        var inputBytes = signingInput.Length <= 2048 ? stackalloc byte[signingInput.Length] : new byte[signingInput.Length];
        if (Encoding.ASCII.GetBytes(signingInput, inputBytes) != signingInput.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[64];
        var written = hashBytes switch
        {
            32 => HMACSHA256.HashData(key, inputBytes, expected),
            48 => HMACSHA384.HashData(key, inputBytes, expected),
            _ => HMACSHA512.HashData(key, inputBytes, expected),
        };
        return CryptographicOperations.FixedTimeEquals(expected[..written], signature[..signatureBytes]) && IsWithinLifetime(jwt);
    }

    private bool IsWithinLifetime(JsonWebToken jwt)
    {
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (!TryGetSeconds(jwt, ParaJwtClaimNames.Expires, out var exp) || (exp * 1000) + _clockSkewMs < nowMs)
        {
            return false;
        }

        return !TryGetSeconds(jwt, ParaJwtClaimNames.NotBefore, out var nbf) || (nbf * 1000) - _clockSkewMs <= nowMs;
    }

    private static bool TryGetSeconds(JsonWebToken jwt, string claim, out double seconds)
    {
        if (jwt.TryGetPayloadValue<long>(claim, out var whole))
        {
            seconds = whole;
            return true;
        }

        return jwt.TryGetPayloadValue(claim, out seconds);
    }

    internal bool TryRead(string token, out JsonWebToken jwt)
    {
        if (_parsed.TryGet(token, out var parsed))
        {
            jwt = parsed;
            return true;
        }

        jwt = null!;
        if (!Handler.CanReadToken(token))
        {
            return false;
        }

        try
        {
            jwt = Handler.ReadJsonWebToken(token);
            _parsed.Add(token, jwt);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (SecurityTokenException)
        {
            return false;
        }
    }
}
