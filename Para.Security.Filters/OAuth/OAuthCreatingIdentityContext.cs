// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using Para.Security.Identity;

namespace Para.Security.Filters.OAuth;

/// <summary>The argument of <see cref="OAuthEvents.OnCreatingIdentity"/>.</summary>
/// <param name="provider">The provider name.</param>
/// <param name="app">The app the user signs in to.</param>
/// <param name="tokens">The provider's tokens.</param>
/// <param name="profile">The provider's profile answer; valid only while the event runs.</param>
/// <param name="identity">The mapped identity, which the handler may change.</param>
public sealed class OAuthCreatingIdentityContext(string provider, ParaApp app, OAuthTokens tokens, JsonElement profile, ExternalIdentity identity)
{
    /// <summary>Gets the provider name, e.g. <c>amazon</c>.</summary>
    public string Provider { get; } = provider;

    /// <summary>Gets the app the user signs in to.</summary>
    public ParaApp App { get; } = app;

    /// <summary>Gets the provider's tokens.</summary>
    public OAuthTokens Tokens { get; } = tokens;

    /// <summary>Gets the provider's profile answer; do not keep it after the event.</summary>
    public JsonElement Profile { get; } = profile;

    /// <summary>Gets the mapped identity; changes to it are what the sign-in uses.</summary>
    public ExternalIdentity Identity { get; } = identity;

    /// <summary>Gets the reason given to <see cref="Fail"/>, or <see langword="null"/>.</summary>
    public string? FailureDetail { get; private set; }

    /// <summary>Refuses the sign-in: it ends in Para's failure handler with <c>PARASEC1013</c>.</summary>
    /// <param name="detail">A log-safe reason (never a token or secret).</param>
    public void Fail(string detail) => FailureDetail = string.IsNullOrWhiteSpace(detail) ? "refused by OnCreatingIdentity" : detail;
}
