// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Buffers;
using System.Text;

namespace Para.Security.Identity;

/// <summary>
/// The form in which Para stores a provider's access token in <c>idpAccessToken</c> (para-spec.md §3.1 step 5): an
/// unsigned JWT-shaped string whose middle part is the Base64 of <c>{"access_token":"…"}</c>.
/// </summary>
internal static class IdpAccessToken
{
    private const string Header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.";
    private const string Signature = ".Ss";

    /// <summary>Encodes an access token; the JSON is built by concatenation, as Para builds it (the token is not escaped).</summary>
    /// <param name="accessToken">The access token.</param>
    /// <returns>The stored form.</returns>
    public static string Encode(string accessToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        var json = Encoding.UTF8.GetBytes("{\"access_token\":\"" + accessToken + "\"}");
        return Header + Convert.ToBase64String(json) + Signature;
    }

    /// <summary>
    /// Tells whether a stored value holds the same token as a newly encoded one, by Para's rule (para-spec.md §3.1
    /// step 6): the Base64-decoded middle parts are compared; a stored value of another shape is compared as it is.
    /// Every returning user's sign-in compares, so the parts are decoded into pooled buffers, not into strings.
    /// </summary>
    /// <param name="stored">The stored value, if any.</param>
    /// <param name="encoded">A value from <see cref="Encode"/>.</param>
    /// <returns><see langword="true"/> when the user need not be saved for this token.</returns>
    public static bool IsSame(string? stored, string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (string.Equals(stored, encoded, StringComparison.Ordinal))
        {
            return true;
        }

        if (stored is null)
        {
            return false;
        }

        var encodedMiddle = MiddlePart(encoded);
        var storedMiddle = MiddlePart(stored);
        var encodedBytes = ArrayPool<byte>.Shared.Rent(encodedMiddle.Length);
        var storedBytes = ArrayPool<byte>.Shared.Rent(storedMiddle.Length);
        try
        {
            if (!Convert.TryFromBase64Chars(encodedMiddle, encodedBytes, out var encodedLength))
            {
                throw new ArgumentException("The value is not one that Encode returns.", nameof(encoded));
            }

            var decoded = encodedBytes.AsSpan(0, encodedLength);
            if (!HasThreeParts(stored) || !Convert.TryFromBase64Chars(storedMiddle, storedBytes, out var storedLength))
            {
                return string.Equals(stored, Encoding.UTF8.GetString(decoded), StringComparison.Ordinal);
            }

            return storedBytes.AsSpan(0, storedLength).SequenceEqual(decoded);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(storedBytes);
            ArrayPool<byte>.Shared.Return(encodedBytes);
        }
    }

    // The middle one of exactly three dot-separated parts; empty otherwise.
    private static ReadOnlySpan<char> MiddlePart(string value)
    {
        if (!HasThreeParts(value))
        {
            return [];
        }

        var first = value.IndexOf('.');
        return value.AsSpan(first + 1, value.LastIndexOf('.') - first - 1);
    }

    private static bool HasThreeParts(string value) => value.AsSpan().Count('.') == 2;
}
