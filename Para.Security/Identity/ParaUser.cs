// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Identity;

/// <summary>
/// A Para user: the fields that authentication reads and writes (para-spec.md §0.2).
/// </summary>
public sealed class ParaUser
{
    /// <summary>Gets or sets the user id, a Snowflake-style numeric string.</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the app identifier (without <c>app:</c>), e.g. <c>myapp</c>.</summary>
    public required string AppId { get; set; }

    /// <summary>Gets or sets the main login identifier with its provider prefix, e.g. <c>az:amzn1.account.X</c>.</summary>
    public string? Identifier { get; set; }

    /// <summary>Gets or sets the email address.</summary>
    public string? Email { get; set; }

    /// <summary>Gets or sets the display name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the picture URL as stored (Para's getter substitutes a default when blank).</summary>
    public string? Picture { get; set; }

    /// <summary>Gets or sets a value indicating whether the user is active.</summary>
    public bool Active { get; set; }

    /// <summary>Gets or sets the group: <c>users</c>, <c>mods</c> or <c>admins</c> (see <see cref="ParaGroups"/>).</summary>
    public string Groups { get; set; } = ParaGroups.Users;

    /// <summary>Gets or sets the per-user token secret; changing it invalidates all of the user's tokens. Never serialised.</summary>
    public string? TokenSecret { get; set; }

    /// <summary>Gets or sets the stored identity-provider access token (serialised in user JSON, as Para does).</summary>
    public string? IdpAccessToken { get; set; }

    /// <summary>Gets or sets the stored identity-provider refresh token.</summary>
    public string? IdpRefreshToken { get; set; }

    /// <summary>Gets or sets the stored identity-provider ID token.</summary>
    public string? IdpIdToken { get; set; }

    /// <summary>Gets or sets the creation time in epoch milliseconds.</summary>
    public long Timestamp { get; set; }

    /// <summary>Gets or sets the last-update time in epoch milliseconds, if ever updated.</summary>
    public long? Updated { get; set; }

    /// <summary>Gets or sets a value that the store increments on every write; used for optimistic concurrency.</summary>
    public long Version { get; set; }

    /// <summary>Gets the picture as Para's <c>User.getPicture()</c> returns it: <see cref="ParaGravatar.DefaultPicture"/> when none is stored.</summary>
    public string PictureOrDefault => string.IsNullOrWhiteSpace(Picture) ? ParaGravatar.DefaultPicture : Picture;

    /// <summary>Gets the identity-provider name of the main identifier (the <c>idp</c> claim, see <see cref="ParaIdentityProviders"/>).</summary>
    public string IdentityProvider => ParaIdentityProviders.GetIdentityProvider(Identifier);

    /// <summary>Creates a shallow copy, so callers can change a user without touching a cached instance.</summary>
    /// <returns>A copy of this user.</returns>
    public ParaUser Clone() => (ParaUser)MemberwiseClone();
}
