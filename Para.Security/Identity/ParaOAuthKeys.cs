// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Identity;

/// <summary>An app's OAuth client credentials for one provider, from <see cref="ParaSettingsResolver.GetOAuthKeysForApp"/>.</summary>
/// <param name="ClientId">The client id (<c>{prefix}_app_id</c>); empty when not configured.</param>
/// <param name="ClientSecret">The client secret (<c>{prefix}_secret</c>); empty when not configured.</param>
public readonly record struct ParaOAuthKeys(string ClientId, string ClientSecret)
{
    /// <summary>Gets the "not configured" value, <c>["",""]</c>.</summary>
    public static ParaOAuthKeys Empty => new(string.Empty, string.Empty);
}
