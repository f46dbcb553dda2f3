// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Pipeline.Results;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// What <see cref="OAuthCorrelation.OpenAsync"/> found in a callback's <c>state</c>: Para's plain <c>state={appid}</c>
/// (no flow), a sealed flow that passed every check, or one that failed a check (the flow is still given when it could
/// be opened, so that the failure answers for its app).
/// </summary>
/// <param name="Flow">The opened flow, or <see langword="null"/> for a plain state or one that could not be opened.</param>
/// <param name="SpentCookie">The correlation cookie to delete with the response, whatever the outcome.</param>
/// <param name="ErrorCode">The failure code, or <see langword="null"/> when the state is acceptable.</param>
/// <param name="Detail">A log-safe detail of the failure.</param>
public sealed record OAuthCallbackState(OAuthFlowState? Flow, AuthCookie? SpentCookie, string? ErrorCode, string? Detail)
{
    /// <summary>Gets the result for Para's plain <c>state</c>, which carries no flow.</summary>
    public static OAuthCallbackState Plain { get; } = new(null, null, null, null);

    /// <summary>Gets a value indicating whether the state failed a check.</summary>
    public bool Failed => ErrorCode is not null;
}
