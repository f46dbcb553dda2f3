// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Filters.OAuth;

/// <summary>The provider endpoints used for one request (they may depend on the app, e.g. Amazon's region).</summary>
/// <param name="Authorization">The browser authorization endpoint.</param>
/// <param name="Token">The token endpoint (code exchange).</param>
/// <param name="UserInformation">The profile endpoint.</param>
/// <param name="TokenInformation">The token-info endpoint (audience check), if the provider has one.</param>
public sealed record OAuthEndpoints(Uri Authorization, Uri Token, Uri UserInformation, Uri? TokenInformation);
