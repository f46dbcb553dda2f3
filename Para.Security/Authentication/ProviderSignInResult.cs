// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Authentication;

/// <summary>The outcome of <see cref="IProviderTokenSignIn.SignInAsync"/>: an active user, or a failure.</summary>
public sealed class ProviderSignInResult
{
    private ProviderSignInResult(ParaUser? user, string? errorCode, string? detail)
    {
        User = user;
        ErrorCode = errorCode;
        Detail = detail;
    }

    /// <summary>Gets the signed-in, active user, when the sign-in succeeded.</summary>
    public ParaUser? User { get; }

    /// <summary>Gets the stable error code (<c>PARASEC####</c>) of a failure.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets a log-safe detail of a failure (never a token, code or secret).</summary>
    public string? Detail { get; }

    /// <summary>Gets a value indicating whether the sign-in succeeded.</summary>
    public bool Succeeded => User is not null;

    /// <summary>Creates a success.</summary>
    /// <param name="user">The active user.</param>
    /// <returns>The result.</returns>
    public static ProviderSignInResult Success(ParaUser user) => new(user ?? throw new ArgumentNullException(nameof(user)), null, null);

    /// <summary>Creates a failure.</summary>
    /// <param name="errorCode">The stable error code.</param>
    /// <param name="detail">A log-safe detail.</param>
    /// <returns>The result.</returns>
    public static ProviderSignInResult Failure(string errorCode, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        return new(null, errorCode, detail ?? string.Empty);
    }
}
