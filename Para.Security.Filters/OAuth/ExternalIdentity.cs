// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Filters.OAuth;

/// <summary>What an identity provider says about the signed-in user, after <see cref="ProfileMapping"/>.</summary>
public sealed class ExternalIdentity
{
    /// <summary>Gets or sets the provider's stable subject (Amazon's <c>user_id</c>).</summary>
    public string? Subject { get; set; }

    /// <summary>Gets or sets the email, when the provider gave one.</summary>
    public string? Email { get; set; }

    /// <summary>Gets or sets the display name, when the provider gave one.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the picture URL, when the provider gave one.</summary>
    public string? Picture { get; set; }
}
