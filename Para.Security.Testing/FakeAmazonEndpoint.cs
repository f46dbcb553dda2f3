// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Testing;

/// <summary>The endpoints <see cref="FakeAmazon"/> serves, used to target scenarios and to sort the request journal.</summary>
public enum FakeAmazonEndpoint
{
    /// <summary>A request to a path or method the fake does not serve (answered 404).</summary>
    Unmatched = 0,

    /// <summary><c>GET /ap/oa</c>, the browser authorization page.</summary>
    Authorize,

    /// <summary><c>POST /auth/o2/token</c>, code and refresh-token exchange.</summary>
    Token,

    /// <summary><c>GET /user/profile</c>, the customer profile.</summary>
    Profile,

    /// <summary><c>GET /auth/o2/tokeninfo</c>, the access-token audience check.</summary>
    TokenInfo,
}
