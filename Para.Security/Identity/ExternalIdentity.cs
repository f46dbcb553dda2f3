// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;

namespace Para.Security.Identity;

/// <summary>
/// What a sign-in method established about the user (an OAuth profile, a verified token's claims, later an LDAP entry),
/// with the provider's rules for Para's user record: the input of the external sign-in unit of work
/// (<see cref="Authentication.ExternalSignIn"/>). The profile fields (subject, name, email, picture) are settable so that a
/// sign-in method and its events can fill them in step by step; the unit of work only reads the identity.
/// </summary>
/// <remarks>
/// The defaults are Para's rules for a social login (para-spec.md §3.1 step 8): a new user gets a random password and,
/// when the provider gave none, the name <c>No Name</c>; a returning user's picture follows the provider's when one is
/// given. A provider changes only what differs, e.g. Amazon's <see cref="ReturningUserPicture"/> is
/// <see cref="ExternalPictureRule.Never"/>.
/// </remarks>
public sealed record ExternalIdentity
{
    /// <summary>Gets the provider name, e.g. <c>amazon</c> or <c>passwordless</c>; for logs and results.</summary>
    public string Provider { get; init; } = string.Empty;

    /// <summary>
    /// Gets the full Para login identifier, with its provider prefix: <c>az:</c> + the subject for Amazon, the
    /// <c>identifier</c> claim as given for passwordless. A blank identifier cannot sign in (the user cannot be created).
    /// </summary>
    public string Identifier { get; init; } = string.Empty;

    /// <summary>Gets or sets the provider's stable subject (Amazon's <c>user_id</c>), when the method has one.</summary>
    public string? Subject { get; set; }

    /// <summary>Gets or sets the display name, when the provider gave one.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the email, when the provider gave one; it links an unknown identifier to a user with that email.</summary>
    public string? Email { get; set; }

    /// <summary>Gets or sets the picture URL, when the provider gave one.</summary>
    public string? Picture { get; set; }

    /// <summary>Gets Para's group (<c>users</c>, <c>mods</c>, <c>admins</c>) when the method asserts one (passwordless); <see langword="null"/> leaves it to Para.</summary>
    public string? Groups { get; init; }

    /// <summary>
    /// Gets the picture a new user gets; <see langword="null"/> means <see cref="Picture"/>, and without that Para's
    /// Gravatar of the email. Amazon sets the Gravatar of the raw profile email here.
    /// </summary>
    public string? NewUserPicture { get; init; }

    /// <summary>Gets when a returning user's picture follows <see cref="Picture"/>.</summary>
    /// <value>The default value is <see cref="ExternalPictureRule.WhenGiven"/>.</value>
    public ExternalPictureRule ReturningUserPicture { get; init; } = ExternalPictureRule.WhenGiven;

    /// <summary>
    /// Gets the domain of the placeholder email a new user gets when the provider gave none (<c>{id}@domain</c>, as
    /// Para does); <see langword="null"/> creates the user without an email.
    /// </summary>
    public string? EmailFallbackDomain { get; init; }

    /// <summary>Gets the name a new user gets when the provider gave none; <see langword="null"/> leaves it empty.</summary>
    /// <value>The default value is <c>No Name</c>, Para's name for social-login users.</value>
    public string? NameFallback { get; init; } = "No Name";

    /// <summary>
    /// Gets a value indicating whether a new user gets a random password, as Para gives social-login users; it must pass
    /// <c>para.min_password_length</c> like any password.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RandomPassword { get; init; } = true;

    /// <summary>
    /// Gets the raw profile the identity was read from, as a detached copy (<see cref="JsonElement.Clone"/>), for
    /// events and diagnostics; never logged or stored. <see langword="null"/> when the method has no JSON profile.
    /// </summary>
    public JsonElement? Profile { get; init; }

    /// <summary>Gets the provider's tokens; the access token is stored as the user's <c>idpAccessToken</c>. <see langword="null"/> for methods without provider tokens.</summary>
    public ExternalTokens? Tokens { get; init; }
}
