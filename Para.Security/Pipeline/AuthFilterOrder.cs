// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Pipeline;

/// <summary>
/// Well-known filter positions, mirroring Para's chain (para-spec.md §1.1) with gaps of 1,000 so that plugins can
/// slot in between.
/// </summary>
public static class AuthFilterOrder
{
    /// <summary>Password sign-in (<c>/password_auth</c>).</summary>
    public const int Password = 5_000;

    /// <summary>Passwordless sign-in (<c>/passwordless_auth</c>).</summary>
    public const int Passwordless = 6_000;

    /// <summary>The first OAuth provider slot; Para's providers take their place in Para's chain: <c>OAuthProviders + n * 1_000</c>.</summary>
    public const int OAuthProviders = 7_000;

    /// <summary>
    /// Providers that do not name their order run from here, after Para's own chain of providers, in registration order
    /// (see <see cref="Providers.AuthProviderRegistry"/>).
    /// </summary>
    public const int OtherProviders = 18_100;

    /// <summary>The token endpoint <c>/jwt_auth</c> (sign-in, refresh, revoke); its path never overlaps <see cref="JwtAuth"/>'s.</summary>
    public const int JwtAuthEndpoint = 19_000;

    /// <summary>Token endpoint and Bearer validation (<c>/jwt_auth</c>, <c>/v1/…</c>).</summary>
    public const int JwtAuth = 20_000;

    /// <summary>API authentication for apps, users and guests (<c>/v1/…</c>).</summary>
    public const int RestAuth = 21_000;
}
