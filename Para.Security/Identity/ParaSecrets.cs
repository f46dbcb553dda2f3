// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Security.Cryptography;

namespace Para.Security.Identity;

/// <summary>Generates Para's secrets from a cryptographic random source (para-spec.md §0.1, §0.2).</summary>
public static class ParaSecrets
{
    /// <summary>The number of random bytes in an app secret.</summary>
    public const int AppSecretBytes = 40;

    /// <summary>The number of random bytes in a user token secret.</summary>
    public const int TokenSecretBytes = 32;

    /// <summary>Returns a new app secret: 40 random bytes, standard Base64 with padding (56 characters).</summary>
    /// <returns>The secret.</returns>
    public static string NewAppSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(AppSecretBytes));

    /// <summary>Returns a new user token secret: 32 random bytes, standard Base64 with padding (44 characters).</summary>
    /// <returns>The secret.</returns>
    public static string NewTokenSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenSecretBytes));
}
