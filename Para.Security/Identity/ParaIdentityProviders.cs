// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.RegularExpressions;

namespace Para.Security.Identity;

/// <summary>
/// Maps a user identifier to its identity-provider name, the <c>idp</c> JWT claim (Para's
/// <c>User.getIdentityProvider()</c>, para-spec.md §0.5).
/// </summary>
public static partial class ParaIdentityProviders
{
    /// <summary>The name for an identifier that is a valid email (password users).</summary>
    public const string Generic = "generic";

    /// <summary>The name for any other identifier.</summary>
    public const string Unknown = "unknown";

    // Checked in this order, case-insensitively; the first match wins.
    private static readonly (string Prefix, string Name)[] Prefixes =
    [
        ("fb:", "facebook"),
        ("gp:", "google"),
        ("gh:", "github"),
        ("tw:", "twitter"),
        ("in:", "linkedin"),
        ("ms:", "microsoft"),
        ("sl:", "slack"),
        ("mm:", "mattermost"),
        ("az:", "amazon"),
        ("ldap:", "ldap"),
        ("saml:", "saml"),
        ("oa2:", "oauth2"),
        ("oa2second:", "oauth2"),
        ("oa2third:", "oauth2"),
        ("custom:", "custom"),
    ];

    /// <summary>Returns the provider name for an identifier: <c>az:…</c> gives <c>amazon</c>, an email gives <c>generic</c>.</summary>
    /// <param name="identifier">The user's identifier.</param>
    /// <returns>The provider name; <see cref="Unknown"/> when nothing matches.</returns>
    public static string GetIdentityProvider(string? identifier)
    {
        if (identifier is null)
        {
            return Unknown;
        }

        foreach (var (prefix, name) in Prefixes)
        {
            if (identifier.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return IsValidEmail(identifier) ? Generic : Unknown;
    }

    /// <summary>Returns whether a string looks like an email address (local part, <c>@</c>, a dotted domain).</summary>
    /// <param name="value">The string.</param>
    /// <returns><see langword="true"/> for a plausible email address.</returns>
    public static bool IsValidEmail(string? value) => value is not null && EmailPattern().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
