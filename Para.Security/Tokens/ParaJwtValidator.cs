// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

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

    private readonly TimeProvider _timeProvider;
    private readonly long _clockSkewMs;

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
    public async Task<bool> ValidateAsync(string token, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrWhiteSpace(token) || !TryRead(token, out var jwt))
        {
            return false;
        }

        var minimumKeyBytes = jwt.Alg switch
        {
            SecurityAlgorithms.HmacSha256 => 32,
            SecurityAlgorithms.HmacSha384 => 48,
            SecurityAlgorithms.HmacSha512 => 64,
            _ => int.MaxValue,
        };
        if (key.Length < minimumKeyBytes)
        {
            return false;
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(key),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512],
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            ValidateIssuer = false,
            ValidateAudience = false,
            RequireAudience = false,
            // Para's lifetime rules differ from the handler's (exp required, equal-to-now valid, no default skew): checked below.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
        var result = await Handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        return result.IsValid && IsWithinLifetime(jwt);
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

    internal static bool TryRead(string token, out JsonWebToken jwt)
    {
        jwt = null!;
        if (!Handler.CanReadToken(token))
        {
            return false;
        }

        try
        {
            jwt = Handler.ReadJsonWebToken(token);
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
