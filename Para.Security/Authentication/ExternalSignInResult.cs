// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;
using Para.Security.Pipeline.Results;
using Para.Security.Tokens;

namespace Para.Security.Authentication;

/// <summary>The explicit outcome of one external sign-in (<see cref="ExternalSignIn"/>).</summary>
public sealed record ExternalSignInResult
{
    /// <summary>Gets the signed-in user; also set for some failures after the user was found (an inactive user, a token that could not be signed).</summary>
    public ParaUser? User { get; init; }

    /// <summary>Gets a value indicating whether the sign-in succeeded.</summary>
    public bool Succeeded => ErrorCode is null;

    /// <summary>Gets the stable error code (<c>PARASEC####</c>) of a failure.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets a log-safe detail of a failure (never a token, code or secret).</summary>
    public string? Detail { get; init; }

    /// <summary>Gets a value indicating whether this sign-in created the user.</summary>
    public bool UserCreated { get; init; }

    /// <summary>Gets the number of user-store writes the sign-in made: 0 or 1 (a creation, or the update with the token-secret reset).</summary>
    public int StoreWrites { get; init; }

    /// <summary>Gets the session JWT issued, when the answer carries one.</summary>
    public ParaTokenResult? SessionToken { get; init; }

    /// <summary>Gets the answer of Para's success or failure handler, for a sign-in answered through them (a browser flow).</summary>
    public AuthResult? Answer { get; init; }
}
