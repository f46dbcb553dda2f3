// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Tokens;

/// <summary>What a request's <c>Authorization: Bearer</c> token turned out to be (para-spec.md §5.5).</summary>
public enum ParaBearerTokenKind
{
    /// <summary>No token, an unparsable one, or one whose app does not exist.</summary>
    None,

    /// <summary>A user token: its <c>sub</c> names a user of its app.</summary>
    User,

    /// <summary>A super-token candidate: its app exists but its <c>sub</c> names no user (or is absent).</summary>
    Super,
}
