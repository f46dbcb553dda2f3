// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Para.Security.Diagnostics;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// Validates an OpenID Connect <c>id_token</c> instead of Base64-decoding it as Para does (para-spec.md §8.1): an
/// asymmetric signature by a key of the provider's JWKS (fetched through the backchannel, cached, and fetched again
/// when a token names a key it does not hold: key rotation), <c>iss</c>, <c>aud</c>, <c>exp</c>, and the <c>nonce</c>
/// of a flow started here. One instance per host; its key cache is not shared with other hosts.
/// </summary>
public sealed class OpenIdTokenValidator
{
    /// <summary>How long fetched keys are used before they are fetched again.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(12);

    /// <summary>The least time between two fetches of one key set, so unknown keys cannot make every sign-in fetch.</summary>
    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(1);

    private static readonly JsonWebTokenHandler Handler = new();
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly OAuthBackchannel _backchannel;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Uri, KeySet> _keys = new();

    /// <summary>Initializes a new instance of the <see cref="OpenIdTokenValidator"/> class.</summary>
    /// <param name="backchannel">Fetches the key sets.</param>
    /// <param name="time">The clock (lifetime checks, key cache).</param>
    public OpenIdTokenValidator(OAuthBackchannel backchannel, TimeProvider time)
    {
        _backchannel = backchannel ?? throw new ArgumentNullException(nameof(backchannel));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Validates an <c>id_token</c> and returns its claims.</summary>
    /// <param name="provider">The provider name (its backchannel client).</param>
    /// <param name="idToken">The token, if the provider sent one.</param>
    /// <param name="validation">The issuer, key set and audience.</param>
    /// <param name="expectedNonce">The nonce of a flow started here; <see langword="null"/> when the client started it.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The claims (the caller disposes them), or <c>PARASEC1012</c>.</returns>
    public async Task<OAuthStepResult<JsonDocument>> ValidateAsync(
        string provider, string? idToken, OpenIdConnectValidation validation, string? expectedNonce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (string.IsNullOrWhiteSpace(idToken))
        {
            return Invalid("the token endpoint sent no id_token");
        }

        var keys = await GetKeysAsync(provider, validation.JwksUri, null, cancellationToken).ConfigureAwait(false);
        if (keys.Value is null)
        {
            return Invalid(keys.Detail!);
        }

        var result = await Handler.ValidateTokenAsync(idToken, Parameters(validation, keys.Value.Keys)).ConfigureAwait(false);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException)
        {
            // A key the cached set lacks: the provider may have rotated its keys since they were fetched.
            keys = await GetKeysAsync(provider, validation.JwksUri, keys.Value, cancellationToken).ConfigureAwait(false);
            if (keys.Value is null)
            {
                return Invalid(keys.Detail!);
            }

            result = await Handler.ValidateTokenAsync(idToken, Parameters(validation, keys.Value.Keys)).ConfigureAwait(false);
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return Invalid("the id_token is not valid: " + (result.Exception?.GetType().Name ?? "unreadable"));
        }

        if (expectedNonce is not null && !FixedTimeEquals(jwt.TryGetPayloadValue<string>("nonce", out var nonce) ? nonce : null, expectedNonce))
        {
            return Invalid("the id_token's nonce is not the one this sign-in sent");
        }

        return OAuthStepResult.Success(JsonDocument.Parse(WebEncoders.Base64UrlDecode(jwt.EncodedPayload)));
    }

    private TokenValidationParameters Parameters(OpenIdConnectValidation validation, IList<SecurityKey> keys) => new()
    {
        ValidIssuer = validation.Issuer,
        ValidAudience = validation.Audience,
        IssuerSigningKeys = keys,
        ValidAlgorithms = Algorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        LifetimeValidator = IsWithinLifetime,
    };

    // exp (required) and nbf against this host's clock, with the usual five minutes of skew.
    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var skew = TokenValidationParameters.DefaultClockSkew;
        return expires is { } exp && now <= exp + skew && (notBefore is not { } nbf || now >= nbf - skew);
    }

    // The cached set, unless it is old, or `stale` is the set that just failed and it was fetched long enough ago.
    private async Task<OAuthStepResult<KeySet>> GetKeysAsync(string provider, Uri uri, KeySet? stale, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_keys.TryGetValue(uri, out var cached) && now - cached.FetchedAt < KeyLifetime
            && (!ReferenceEquals(cached, stale) || now - cached.FetchedAt < MinimumRefreshInterval))
        {
            return OAuthStepResult.Success(cached);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var answer = await _backchannel.GetObjectAsync(provider, request, ParaSecurityErrors.IdTokenInvalid, "jwks", cancellationToken).ConfigureAwait(false);
        if (answer.Value is null)
        {
            return OAuthStepResult.Failure<KeySet>(answer.ErrorCode!, answer.Detail!);
        }

        using (answer.Value)
        {
            try
            {
                var set = new KeySet(new JsonWebKeySet(answer.Value.RootElement.GetRawText()).GetSigningKeys(), now);
                _keys[uri] = set;
                return OAuthStepResult.Success(set);
            }
            catch (ArgumentException)
            {
                return OAuthStepResult.Failure<KeySet>(ParaSecurityErrors.IdTokenInvalid, "the jwks endpoint answered JSON that is not a key set");
            }
        }
    }

    private static bool FixedTimeEquals(string? actual, string expected) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));

    private static OAuthStepResult<JsonDocument> Invalid(string detail) => OAuthStepResult.Failure<JsonDocument>(ParaSecurityErrors.IdTokenInvalid, detail);

    private sealed record KeySet(IList<SecurityKey> Keys, DateTimeOffset FetchedAt);
}
