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

    /// <summary>A sign-in was refused by the per-app rate limit (<c>para.security.rate_limit.per_app_permit_limit</c>) at an endpoint that reads the app from its body.</summary>
    public const string TooManyRequests = "PARASEC0429";

    /// <summary>A request body could not be read (broken chunked framing, cut short, too slow); answered 400 (or Kestrel's 408/413).</summary>
    public const string UnreadableBody = "PARASEC0400";

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

    /// <summary>The provider's OpenID Connect <c>id_token</c> is missing or failed validation (signature, issuer, audience, lifetime, nonce).</summary>
    public const string IdTokenInvalid = "PARASEC1012";

    /// <summary>An application's <c>OnCreatingIdentity</c> event refused the mapped identity.</summary>
    public const string IdentityRejected = "PARASEC1013";

    /// <summary>The callback's sealed <c>state</c> was not made by this deployment, or was altered.</summary>
    public const string StateInvalid = "PARASEC1101";

    /// <summary>The callback's sealed <c>state</c> is older than <c>para.security.oauth.state_lifetime</c>.</summary>
    public const string StateExpired = "PARASEC1102";

    /// <summary>The browser did not send back the correlation cookie of the sealed state (another browser, or cookies blocked).</summary>
    public const string CorrelationMissing = "PARASEC1103";

    /// <summary>Strict mode requires a sealed state from <c>/{provider}_auth/start</c>; the callback had Para's plain state.</summary>
    public const string StateRequired = "PARASEC1104";

    /// <summary>The callback's sealed <c>state</c> was already used by an earlier callback (a replay).</summary>
    public const string StateReplayed = "PARASEC1105";

    /// <summary>A request body is larger than <c>para.max_entity_size_bytes</c>.</summary>
    public const string RequestTooLarge = "PARASEC2001";

    /// <summary>A request body is not the JSON the endpoint expects (empty, malformed, or not an object).</summary>
    public const string MalformedJson = "PARASEC2002";

    /// <summary><c>POST /jwt_auth</c> lacks <c>provider</c>, <c>appid</c> or <c>token</c>, or one of them is not a string.</summary>
    public const string MissingSignInParameters = "PARASEC2003";

    /// <summary><c>POST /jwt_auth</c> named the root app, which clients may not sign in to.</summary>
    public const string RootAppSignInRefused = "PARASEC2004";

    /// <summary><c>POST /jwt_auth</c> named a provider that is not registered.</summary>
    public const string UnknownProvider = "PARASEC2005";

    /// <summary>A provider token given to <c>POST /jwt_auth</c> is empty, or (passwordless) could not be parsed or verified with any of the app's keys.</summary>
    public const string ProviderTokenInvalid = "PARASEC2006";

    /// <summary>A passwordless (ID) token was presented a second time; each is accepted once.</summary>
    public const string TokenReplayed = "PARASEC2007";

    /// <summary>The session token could not be signed (the app secret plus token secret is shorter than 256 bits).</summary>
    public const string SessionTokenFailed = "PARASEC2008";

    /// <summary><c>GET /jwt_auth</c> got no valid user token to refresh.</summary>
    public const string RefreshRejected = "PARASEC2009";

    /// <summary><c>DELETE /jwt_auth</c> got no valid user token to revoke.</summary>
    public const string RevokeRejected = "PARASEC2010";

    /// <summary>A signed request has no <c>X-Amz-Date</c> or one older than <c>para.request_expires_after</c>.</summary>
    public const string RequestExpired = "PARASEC2011";

    /// <summary>A signed request's SigV4 signature does not match (wrong secret, tampered request, or unsigned body).</summary>
    public const string InvalidSignature = "PARASEC2012";

    /// <summary>The app named by a signed request's access key (or a super token) does not exist.</summary>
    public const string ApiAppNotFound = "PARASEC2013";

    /// <summary>The calling app is not active.</summary>
    public const string AppInactive = "PARASEC2014";

    /// <summary>The calling app is read-only and the request is a write (POST, PUT, PATCH, DELETE).</summary>
    public const string AppReadOnly = "PARASEC2015";

    /// <summary>An authenticated user may not access the resource (root app, or <c>_settings</c> without admin rights).</summary>
    public const string PermissionDenied = "PARASEC2016";

    /// <summary>An API request carries no valid credentials at all.</summary>
    public const string Unauthenticated = "PARASEC2017";

    /// <summary>A guest (<c>Authorization: Anonymous</c>) request for a resource the app does not open to guests.</summary>
    public const string GuestDenied = "PARASEC2018";

    /// <summary>A guest request without an access key while <c>para.api_enabled</c> is false.</summary>
    public const string ApiDisabled = "PARASEC2019";

    /// <summary><c>/v1/_settings</c> was called by a principal that has no app of its own to edit.</summary>
    public const string SettingsNotAllowed = "PARASEC2020";

    /// <summary><c>POST /v1/_newkeys</c> was called by something that is not an app (a user, or nobody).</summary>
    public const string NotAnApp = "PARASEC2021";

    /// <summary><c>GET /v1/_setup/{name}</c> was called by an app other than the root app.</summary>
    public const string SetupNotRoot = "PARASEC2022";

    /// <summary><c>GET /v1/_setup/{name}</c> got a name that normalises to nothing.</summary>
    public const string InvalidAppName = "PARASEC2023";

    /// <summary>A signed request's credential scope has empty, missing or extra parts, or no eight-digit date.</summary>
    public const string MalformedCredential = "PARASEC2024";
}
