// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// Seals an <see cref="OAuthFlowState"/> into a compact, URL-safe <c>state</c> value with ASP.NET Core Data Protection
/// (authenticated encryption; keys shared by every instance through the store) and opens it again.
/// </summary>
public sealed class OAuthStateProtector
{
    /// <summary>The prefix that tells a sealed state from Para's plain <c>state={appid}</c>.</summary>
    public const string Prefix = "ps1.";

    private readonly IDataProtector _protector;

    /// <summary>Initializes a new instance of the <see cref="OAuthStateProtector"/> class.</summary>
    /// <param name="provider">The Data Protection provider.</param>
    public OAuthStateProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector("Para.Security.OAuth.State", "v1");
    }

    /// <summary>Gets a value indicating whether a <c>state</c> value claims to be sealed.</summary>
    /// <param name="state">The value.</param>
    /// <returns><see langword="true"/> when it has the sealed prefix.</returns>
    public static bool IsSealed(string? state) => state is not null && state.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Creates a random, URL-safe value of 32 bytes (256 bits, as Login with Amazon asks for <c>state</c>).</summary>
    /// <returns>The value.</returns>
    public static string NewRandom() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>Returns the PKCE S256 challenge of a verifier (RFC 7636 §4.2).</summary>
    /// <param name="verifier">The code verifier.</param>
    /// <returns>The challenge.</returns>
    public static string S256Challenge(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));

    /// <summary>Seals a flow state.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The <c>state</c> parameter value: the prefix and base64url text only.</returns>
    public string Seal(OAuthFlowState state)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, OAuthJsonContext.Default.OAuthFlowState);
        return Prefix + WebEncoders.Base64UrlEncode(_protector.Protect(bytes));
    }

    /// <summary>Opens a sealed state.</summary>
    /// <param name="value">The <c>state</c> parameter value.</param>
    /// <returns>The state, or <see langword="null"/> when it was not sealed by this deployment or was altered.</returns>
    public OAuthFlowState? Unseal(string value)
    {
        if (!IsSealed(value))
        {
            return null;
        }

        try
        {
            var bytes = _protector.Unprotect(WebEncoders.Base64UrlDecode(value, Prefix.Length, value.Length - Prefix.Length));
            return JsonSerializer.Deserialize(bytes, OAuthJsonContext.Default.OAuthFlowState);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}
