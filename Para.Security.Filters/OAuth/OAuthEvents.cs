// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Filters.OAuth;

/// <summary>
/// Lets an application take part in every OAuth provider's sign-in without subclassing the filter, as ASP.NET Core's
/// <c>OAuthEvents</c>: set the delegates (<c>builder.AddAmazon(o =&gt; o.Events.OnCreatingIdentity = …)</c>), or derive
/// and override the methods.
/// </summary>
public class OAuthEvents
{
    /// <summary>
    /// Gets or sets what runs once the profile is mapped (and the provider's extra calls are made), before the user is
    /// looked up: it may change the identity, or refuse the sign-in with <see cref="OAuthCreatingIdentityContext.Fail"/>.
    /// </summary>
    public Func<OAuthCreatingIdentityContext, Task> OnCreatingIdentity { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Runs <see cref="OnCreatingIdentity"/>.</summary>
    /// <param name="context">The sign-in's identity and what it was mapped from.</param>
    /// <returns>A task that completes when the handler is done.</returns>
    public virtual Task CreatingIdentity(OAuthCreatingIdentityContext context) => OnCreatingIdentity(context);
}
