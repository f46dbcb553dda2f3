// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Para.Security.Identity;

/// <summary>Para's Gravatar picture URLs (para-spec.md §0.2, §0.4, §5.4).</summary>
public static class ParaGravatar
{
    /// <summary>The picture Para's <c>User.getPicture()</c> returns when none is stored.</summary>
    public const string DefaultPicture = "https://www.gravatar.com/avatar?d=mm&size=400";

    /// <summary>Returns the picture a new user gets (<c>User.create()</c>): the Gravatar of the lowercase email, or <see cref="DefaultPicture"/> without an email.</summary>
    /// <param name="email">The user's email.</param>
    /// <returns>The picture URL.</returns>
    public static string ForNewUser(string? email) => string.IsNullOrWhiteSpace(email)
        ? DefaultPicture
        : "https://www.gravatar.com/avatar/" + Md5Hex(email.ToLowerInvariant()) + "?size=400&d=mm&r=pg";

    /// <summary>Returns the ID token's fallback picture (used when the user's picture is not an http URL): the Gravatar of the email as stored.</summary>
    /// <param name="email">The user's email.</param>
    /// <returns>The picture URL.</returns>
    public static string ForIdToken(string? email) => "https://gravatar.com/avatar/" + Md5Hex(email ?? string.Empty) + "?size=400&d=retro&r=pg";

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Gravatar addresses images by the MD5 of the email; no security depends on it.")]
    private static string Md5Hex(string value) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)));
}
