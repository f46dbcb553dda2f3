// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Filters.OAuth;

/// <summary>What an OAuth callback established: the app and the provider's identity, handed to the sign-in unit of work.</summary>
/// <param name="App">The app the user signs in to.</param>
/// <param name="Identity">The identity the provider established.</param>
public sealed record OAuthSignIn(ParaApp App, ExternalIdentity Identity);
