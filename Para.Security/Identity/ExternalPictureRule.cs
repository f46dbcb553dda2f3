// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Identity;

/// <summary>When a returning user's picture follows the one an external sign-in reports (<see cref="ExternalIdentity.ReturningUserPicture"/>).</summary>
public enum ExternalPictureRule
{
    /// <summary>When the provider gave a non-blank picture that differs (most of Para's social providers).</summary>
    WhenGiven,

    /// <summary>Never after creation (Para's Amazon filter).</summary>
    Never,

    /// <summary>Whenever it differs, even to no picture (Para's passwordless sign-in, para-spec.md §7.12).</summary>
    Always,
}
