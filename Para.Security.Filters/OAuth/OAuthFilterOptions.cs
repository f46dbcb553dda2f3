// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Filters.OAuth;

/// <summary>
/// What an OAuth 2 provider filter needs to know about its provider. Provider options derive from this class and
/// set their defaults in their constructor, from their <c>…Defaults</c> class.
/// </summary>
public abstract class OAuthFilterOptions
{
    /// <summary>Gets or sets the provider name: the filter name, the backchannel client suffix and the <c>idp</c> value.</summary>
    public string ProviderName { get; set; } = string.Empty;

    /// <summary>Gets or sets the callback path the filter answers, e.g. <c>/amazon_auth</c>.</summary>
    public string CallbackPath { get; set; } = string.Empty;

    /// <summary>Gets or sets the prefix of the credential keys: <c>az</c> reads <c>az_app_id</c> and <c>az_secret</c>.</summary>
    public string CredentialsPrefix { get; set; } = string.Empty;

    /// <summary>Gets or sets the prefix of the user identifier, e.g. <c>az:</c>.</summary>
    public string IdentifierPrefix { get; set; } = string.Empty;

    /// <summary>Gets or sets the domain of the placeholder email of a user whose profile has none: <c>{id}@{domain}</c>.</summary>
    public string EmailFallbackDomain { get; set; } = string.Empty;

    /// <summary>Gets or sets the scope requested at authorization.</summary>
    public string Scope { get; set; } = string.Empty;

    /// <summary>Gets the profile → identity mapping.</summary>
    public ProfileMapping ProfileMapping { get; } = new();

    /// <summary>Gets or sets the events an application handles to take part in the sign-in without subclassing.</summary>
    /// <value>The default value handles nothing.</value>
    public OAuthEvents Events { get; set; } = new();
}
