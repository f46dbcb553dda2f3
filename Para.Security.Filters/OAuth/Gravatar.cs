// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Para.Security.Filters.OAuth;

/// <summary>Para's default picture of a new social user: the Gravatar of an email (para-spec.md §3.1 step 8).</summary>
public static class Gravatar
{
    /// <summary>Returns <c>https://www.gravatar.com/avatar/{md5}?d=mm&amp;size=400</c> for an email, hashed as given (Para does not lower-case it for Amazon).</summary>
    /// <param name="email">The email; <see langword="null"/> hashes the empty string, as Para does.</param>
    /// <returns>The picture URL.</returns>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Gravatar addresses images by the MD5 of the email; no security depends on it.")]
    public static string Url(string? email) =>
        "https://www.gravatar.com/avatar/" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(email ?? string.Empty))) + "?d=mm&size=400";
}
