// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Para.Security.Filters.OAuth;

namespace Para.Security.Filters.Amazon;

/// <summary>
/// Login with Amazon settings beyond Para's <c>para.az_app_id</c> / <c>para.az_secret</c>, bound from
/// <c>para.security.amazon</c>. Apps can override the region and scope with the app settings
/// <c>security.amazon.region</c> and <c>security.amazon.scope</c>.
/// </summary>
public sealed class AmazonAuthOptions : OAuthFilterOptions
{
    /// <summary>Initializes a new instance of the <see cref="AmazonAuthOptions"/> class with Amazon's defaults.</summary>
    public AmazonAuthOptions()
    {
        ProviderName = AmazonAuthDefaults.ProviderName;
        CallbackPath = AmazonAuthDefaults.CallbackPath;
        CredentialsPrefix = AmazonAuthDefaults.CredentialsPrefix;
        IdentifierPrefix = AmazonAuthDefaults.IdentifierPrefix;
        EmailFallbackDomain = AmazonAuthDefaults.EmailFallbackDomain;
        Scope = AmazonAuthDefaults.Scope;
        ProfileMapping.Subject("user_id").Email("email").Name("name");
    }

    /// <summary>Gets or sets the region whose endpoints are used: <c>na</c>, <c>eu</c> or <c>fe</c>.</summary>
    /// <value>The default value is <c>na</c>.</value>
    [ConfigurationKeyName("region")]
    public string Region { get; set; } = AmazonAuthDefaults.Region;

    /// <summary>Gets or sets the scope requested by the login page.</summary>
    /// <value>The default value is <c>profile</c>.</value>
    [ConfigurationKeyName("scope")]
    public new string Scope { get => base.Scope; set => base.Scope = value; }

    /// <summary>Gets or sets an authorization endpoint that replaces the region's (for proxies and tests).</summary>
    /// <value>The default value is empty: the region's endpoint.</value>
    [ConfigurationKeyName("authorize_url")]
    public string AuthorizeUrl { get; set; } = string.Empty;

    /// <summary>Gets or sets a token endpoint that replaces the region's.</summary>
    /// <value>The default value is empty: the region's endpoint.</value>
    [ConfigurationKeyName("token_url")]
    public string TokenUrl { get; set; } = string.Empty;

    /// <summary>Gets or sets a profile endpoint that replaces the region's.</summary>
    /// <value>The default value is empty: the region's endpoint.</value>
    [ConfigurationKeyName("profile_url")]
    public string ProfileUrl { get; set; } = string.Empty;

    /// <summary>Gets or sets a token-info endpoint that replaces the region's.</summary>
    /// <value>The default value is empty: the region's endpoint.</value>
    [ConfigurationKeyName("tokeninfo_url")]
    public string TokenInfoUrl { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets a value indicating whether <c>POST /jwt_auth</c> with provider <c>amazon</c> first asks the token-info
    /// endpoint whom the access token was issued to, and refuses it unless <c>aud</c> is the app's <c>az_app_id</c>.
    /// Para skips this check, so a token minted for any other Amazon client could sign in.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    [ConfigurationKeyName("check_token_audience")]
    public bool CheckTokenAudience { get; set; } = true;
}
