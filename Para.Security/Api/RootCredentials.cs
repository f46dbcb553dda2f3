// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Api;

/// <summary>
/// Holds the root app's credentials from the moment this process created the root app until <c>GET /v1/_setup</c>
/// hands them out once (para-spec.md §10.1); later calls answer <c>{"message":"All set!"}</c>.
/// </summary>
public sealed class RootCredentials
{
    private Keys? _pending;

    /// <summary>Records credentials to reveal once.</summary>
    /// <param name="accessKey">The root app id.</param>
    /// <param name="secretKey">The root secret.</param>
    public void Offer(string accessKey, string secretKey) => Interlocked.Exchange(ref _pending, new Keys(accessKey, secretKey));

    /// <summary>Takes the credentials, if they have not been taken yet.</summary>
    /// <returns>The credentials, or <see langword="null"/>.</returns>
    public (string AccessKey, string SecretKey)? Take() => Interlocked.Exchange(ref _pending, null) is { } keys ? (keys.AccessKey, keys.SecretKey) : null;

    private sealed record Keys(string AccessKey, string SecretKey);
}
