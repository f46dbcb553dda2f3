// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Diagnostics;

/// <summary>
/// Stable error codes (<c>PARASEC####</c>). Each is listed with its cause and remedy in docs/errors.md, is logged with
/// the failure, and is asserted in tests. Para's own user-facing messages (e.g. <c>Bad credentials.</c>) are kept
/// unchanged for compatibility; the code says what really happened.
/// </summary>
public static class ParaSecurityErrors
{
    /// <summary>A filter failed unexpectedly; the request was answered with a JSON 500.</summary>
    public const string InternalError = "PARASEC0500";

    /// <summary>The callback had no <c>code</c> parameter.</summary>
    public const string MissingCode = "PARASEC1001";

    /// <summary>The provider reported an error on the callback (<c>error=access_denied</c> and others).</summary>
    public const string ProviderDenied = "PARASEC1002";

    /// <summary>The app named by <c>appid</c> or <c>state</c> does not exist.</summary>
    public const string UnknownApp = "PARASEC1003";

    /// <summary>The app has no (or only half of its) client credentials for the provider.</summary>
    public const string MissingClientCredentials = "PARASEC1004";

    /// <summary>The token endpoint answered without an access token (<c>invalid_grant</c>, <c>invalid_client</c>, …).</summary>
    public const string TokenRejected = "PARASEC1005";

    /// <summary>The token endpoint could not be reached, timed out, or answered something that is not JSON.</summary>
    public const string TokenEndpointFailed = "PARASEC1006";

    /// <summary>The profile endpoint could not be reached, timed out, or answered something that is not JSON.</summary>
    public const string ProfileEndpointFailed = "PARASEC1007";

    /// <summary>The profile has no subject (Amazon's <c>user_id</c>).</summary>
    public const string ProfileMissingSubject = "PARASEC1008";

    /// <summary>The user could not be created.</summary>
    public const string UserCreationFailed = "PARASEC1009";

    /// <summary>The user exists but is not active.</summary>
    public const string UserInactive = "PARASEC1010";

    /// <summary>The provider's token was minted for another client (token-info audience mismatch).</summary>
    public const string TokenAudienceMismatch = "PARASEC1011";

    /// <summary>The callback's sealed <c>state</c> was not made by this deployment, or was altered.</summary>
    public const string StateInvalid = "PARASEC1101";

    /// <summary>The callback's sealed <c>state</c> is older than <c>para.security.oauth.state_lifetime</c>.</summary>
    public const string StateExpired = "PARASEC1102";

    /// <summary>The browser did not send back the correlation cookie of the sealed state (another browser, or cookies blocked).</summary>
    public const string CorrelationMissing = "PARASEC1103";

    /// <summary>Strict mode requires a sealed state from <c>/{provider}_auth/start</c>; the callback had Para's plain state.</summary>
    public const string StateRequired = "PARASEC1104";
}
