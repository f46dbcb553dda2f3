// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>An RSA signing key of a pretend OpenID provider: its JWKS entry, and id_tokens signed with it.</summary>
internal sealed class OidcTestKeys : IDisposable
{
    public const string Issuer = "https://op.example";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly RSA _rsa = RSA.Create(2048);

    public OidcTestKeys(string keyId) => KeyId = keyId;

    public string KeyId { get; }

    /// <summary>Gets a JWKS document holding the public halves of <paramref name="keys"/>.</summary>
    public static string Jwks(params OidcTestKeys[] keys) => new JsonObject
    {
        ["keys"] = new JsonArray([.. keys.Select(k => k.PublicJwk())]),
    }.ToJsonString();

    /// <summary>Signs an id_token; <paramref name="now"/> sets iat and nbf, exp is five minutes later unless given.</summary>
    public string IdToken(DateTimeOffset now, string audience, string subject = "op-user-1", string? nonce = null, string issuer = Issuer, DateTimeOffset? expires = null, IDictionary<string, object>? claims = null)
    {
        var all = new Dictionary<string, object>(claims ?? new Dictionary<string, object>()) { ["sub"] = subject };
        if (nonce is not null)
        {
            all["nonce"] = nonce;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (expires ?? now.AddMinutes(5)).UtcDateTime,
            Claims = all,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose() => _rsa.Dispose();

    private JsonObject PublicJwk()
    {
        var parameters = _rsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }
}
