// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Authentication;

/// <summary>The outcome of <see cref="IProviderTokenSignIn.ReadIdentityAsync"/>: the identity the token names, or a failure.</summary>
public sealed class ProviderSignInResult
{
    private ProviderSignInResult(ExternalIdentity? identity, string? errorCode, string? detail)
    {
        Identity = identity;
        ErrorCode = errorCode;
        Detail = detail;
    }

    /// <summary>Gets the identity the verified token names, when verification succeeded.</summary>
    public ExternalIdentity? Identity { get; }

    /// <summary>Gets the stable error code (<c>PARASEC####</c>) of a failure.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets a log-safe detail of a failure (never a token, code or secret).</summary>
    public string? Detail { get; }

    /// <summary>Gets a value indicating whether the token was verified.</summary>
    public bool Succeeded => Identity is not null;

    /// <summary>Creates a success.</summary>
    /// <param name="identity">The identity the token names.</param>
    /// <returns>The result.</returns>
    public static ProviderSignInResult Success(ExternalIdentity identity) => new(identity ?? throw new ArgumentNullException(nameof(identity)), null, null);

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
