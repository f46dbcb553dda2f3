// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Server.Demo;

/// <summary>A pretend Amazon customer of demo mode; the profile endpoint answers these values, filtered by the scope.</summary>
/// <param name="UserId">The LWA <c>user_id</c>, e.g. <c>amzn1.account.…</c>.</param>
/// <param name="Name">The customer's name.</param>
/// <param name="Email">The customer's email; <see langword="null"/> leaves <c>email</c> out of the profile.</param>
/// <param name="PostalCode">The primary shipping postal code, answered for scope <c>postal_code</c>.</param>
internal sealed record DemoAccount(string UserId, string Name, string? Email, string? PostalCode = null)
{
    /// <summary>Gets the account the banner tells a newcomer to pick: "Pat Example", <c>pat@example.com</c>.</summary>
    public static DemoAccount Pat { get; } = new("amzn1.account.DEMOPATEXAMPLE000000000000", "Pat Example", "pat@example.com", "98109");
}
