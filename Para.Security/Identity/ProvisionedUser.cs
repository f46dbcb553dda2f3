// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Identity;

/// <summary>What <see cref="ExternalUserProvisioner"/> did: the user, whether this call created it, whether it holds unstored changes; or a failure.</summary>
/// <param name="User">The user; <see langword="null"/> for a failure.</param>
/// <param name="Created">Whether this call created the user (its fresh token secret has signed nothing yet).</param>
/// <param name="Changed">Whether the user was changed in memory and must be stored.</param>
internal readonly record struct ProvisionedUser(ParaUser? User, bool Created, bool Changed)
{
    /// <summary>Gets the stable error code of a failure.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the log-safe detail of a failure.</summary>
    public string? Detail { get; init; }

    /// <summary>Creates a failure.</summary>
    public static ProvisionedUser Failure(string errorCode, string detail) => new(null, false, false) { ErrorCode = errorCode, Detail = detail };
}
