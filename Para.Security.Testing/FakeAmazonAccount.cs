// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Testing;

/// <summary>
/// A pretend Amazon customer that can "sign in" at <see cref="FakeAmazon"/>. The profile endpoint answers
/// these values, filtered by the scope the access token was granted.
/// </summary>
/// <param name="UserId">The LWA <c>user_id</c>, e.g. <c>amzn1.account.…</c>.</param>
/// <param name="Name">The customer's name; <see langword="null"/> leaves <c>name</c> out of the profile.</param>
/// <param name="Email">The customer's email; <see langword="null"/> leaves <c>email</c> out of the profile.</param>
/// <param name="PostalCode">The primary shipping postal code, answered for scope <c>postal_code</c>.</param>
public sealed record FakeAmazonAccount(string UserId, string? Name, string? Email, string? PostalCode = null)
{
    /// <summary>
    /// The account that signs in when nothing else is chosen: <c>amzn1.account.DEMOPATEXAMPLE000000000000</c>,
    /// "Pat Example", <c>pat@example.com</c>, postal code <c>98109</c>.
    /// </summary>
    public static FakeAmazonAccount Default { get; } =
        new("amzn1.account.DEMOPATEXAMPLE000000000000", "Pat Example", "pat@example.com", "98109");
}
