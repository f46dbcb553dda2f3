// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Testing;

/// <summary>A registered LWA security profile: its credentials and its "Allowed Return URLs".</summary>
internal sealed record RegisteredClient(string ClientId, string ClientSecret, IReadOnlyList<string> RedirectUris, string AppId);

/// <summary>An issued, not yet exchanged authorization code.</summary>
internal sealed record CodeGrant(
    string ClientId,
    string RedirectUri,
    string Scope,
    FakeAmazonAccount Account,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    DateTimeOffset ExpiresAt);

/// <summary>A minted access token.</summary>
internal sealed record AccessGrant(string ClientId, string Scope, FakeAmazonAccount Account, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>A minted refresh token; valid until revoked, as LWA's.</summary>
internal sealed record RefreshGrant(string ClientId, string Scope, FakeAmazonAccount Account);
