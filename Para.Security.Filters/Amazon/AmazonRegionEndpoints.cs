// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Filters.Amazon;

/// <summary>The Login with Amazon endpoints of one region.</summary>
/// <param name="Authorize">The browser authorization endpoint.</param>
/// <param name="ApiBase">The API host serving <c>/auth/o2/token</c>, <c>/auth/o2/tokeninfo</c> and <c>/user/profile</c>.</param>
public sealed record AmazonRegionEndpoints(string Authorize, string ApiBase)
{
    /// <summary>Gets the token endpoint.</summary>
    public string Token => ApiBase + "/auth/o2/token";

    /// <summary>Gets the token-info endpoint.</summary>
    public string TokenInfo => ApiBase + "/auth/o2/tokeninfo";

    /// <summary>Gets the profile endpoint.</summary>
    public string Profile => ApiBase + "/user/profile";
}
