// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Filters.OAuth;

/// <summary>The outcome of one step of the OAuth flow: a value, or a failure with a stable error code.</summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly struct OAuthStepResult<T>
    where T : class
{
    internal OAuthStepResult(T? value, string? errorCode, string? detail)
    {
        Value = value;
        ErrorCode = errorCode;
        Detail = detail;
    }

    /// <summary>Gets the value, when the step succeeded.</summary>
    public T? Value { get; }

    /// <summary>Gets the error code (<c>PARASEC####</c>), when the step failed.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets a log-safe detail of the failure (never a token, code or secret).</summary>
    public string? Detail { get; }

    /// <summary>Gets a value indicating whether the step succeeded.</summary>
    public bool Succeeded => Value is not null;
}

/// <summary>Creates <see cref="OAuthStepResult{T}"/> values.</summary>
public static class OAuthStepResult
{
    /// <summary>Creates a success.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static OAuthStepResult<T> Success<T>(T value)
        where T : class => new(value ?? throw new ArgumentNullException(nameof(value)), null, null);

    /// <summary>Creates a failure.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="errorCode">The stable error code.</param>
    /// <param name="detail">A log-safe detail (never a token, code or secret).</param>
    /// <returns>The result.</returns>
    public static OAuthStepResult<T> Failure<T>(string errorCode, string detail)
        where T : class => new(null, errorCode, detail);
}
