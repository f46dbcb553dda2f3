// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Pipeline.Results;

namespace Para.Security.Pipeline;

/// <summary>
/// The explicit outcome of an <see cref="IAuthFilter"/>: continue, skipped, handled with a result, or rejected with an
/// error. A value type, so the common "continue" path allocates nothing.
/// </summary>
public readonly struct AuthFilterResult
{
    private AuthFilterResult(AuthFilterOutcome outcome, AuthResult? result, AuthError? error)
    {
        Outcome = outcome;
        Result = result;
        Error = error;
    }

    /// <summary>Gets the "run the next filter" outcome.</summary>
    public static AuthFilterResult Continue => default;

    /// <summary>Gets the "stop the chain, let the app handle it" outcome.</summary>
    public static AuthFilterResult Skipped => new(AuthFilterOutcome.Skipped, null, null);

    /// <summary>Gets the outcome kind.</summary>
    public AuthFilterOutcome Outcome { get; }

    /// <summary>Gets the result to write when <see cref="Outcome"/> is <see cref="AuthFilterOutcome.Handled"/>.</summary>
    public AuthResult? Result { get; }

    /// <summary>Gets the error to write when <see cref="Outcome"/> is <see cref="AuthFilterOutcome.Rejected"/>.</summary>
    public AuthError? Error { get; }

    /// <summary>Creates a "handled" outcome.</summary>
    /// <param name="result">The result the middleware writes.</param>
    /// <returns>The outcome.</returns>
    public static AuthFilterResult Handled(AuthResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(AuthFilterOutcome.Handled, result, null);
    }

    /// <summary>Creates a "rejected" outcome.</summary>
    /// <param name="error">The error the middleware writes.</param>
    /// <returns>The outcome.</returns>
    public static AuthFilterResult Rejected(AuthError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(AuthFilterOutcome.Rejected, null, error);
    }
}
