// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Frozen;
using Para.Security.Providers;

namespace Para.Security.Filters.Amazon;

/// <summary>Login with Amazon constants: names, paths, the <c>az:</c> prefix and each region's endpoints.</summary>
public static class AmazonAuthDefaults
{
    /// <summary>The provider name (filter name, backchannel client suffix, Para's <c>idp</c> claim).</summary>
    public const string ProviderName = "amazon";

    /// <summary>The callback path, as in Para.</summary>
    public const string CallbackPath = "/amazon_auth";

    /// <summary>The prefix of the credential keys: <c>para.az_app_id</c>, <c>para.az_secret</c> and the app settings of the same names.</summary>
    public const string CredentialsPrefix = "az";

    /// <summary>The prefix of Amazon user identifiers.</summary>
    public const string IdentifierPrefix = "az:";

    /// <summary>The domain of placeholder emails.</summary>
    public const string EmailFallbackDomain = "amazon.com";

    /// <summary>The configuration section of the Amazon settings Para lacks.</summary>
    public const string Section = "para:security:amazon";

    /// <summary>The prefix of per-app Amazon settings, e.g. <c>security.amazon.region</c>.</summary>
    public const string AppSettingPrefix = "security.amazon.";

    /// <summary>The default region.</summary>
    public const string Region = "na";

    /// <summary>The default scope.</summary>
    public const string Scope = "profile";

    /// <summary>
    /// Gets the provider's descriptor: <c>/amazon_auth</c> (and <c>/amazon_auth/start</c>), credentials <c>az_app_id</c> /
    /// <c>az_secret</c>, users <c>az:…</c>, Amazon's button, Para's 14th filter (para-spec.md §1.1).
    /// </summary>
    public static AuthProviderDescriptor Descriptor { get; } = new()
    {
        Name = ProviderName,
        CallbackPath = CallbackPath,
        DisplayName = "Amazon",
        Button = new AuthProviderButton("Login with Amazon", Background: "#ffd814", Border: "#fcd200", Text: "#0f1111", HoverBackground: "#f7ca00"),
        CredentialsPrefix = CredentialsPrefix,
        IdentifierPrefix = IdentifierPrefix,
        OptionsSection = Section,
        Order = 14_000,
        Diagnostics = AmazonDiagnostics.Describe,
    };

    /// <summary>Gets the endpoints of each region: <c>na</c> (North America), <c>eu</c> (Europe), <c>fe</c> (Far East).</summary>
    public static FrozenDictionary<string, AmazonRegionEndpoints> Regions { get; } = new Dictionary<string, AmazonRegionEndpoints>(StringComparer.OrdinalIgnoreCase)
    {
        ["na"] = new("https://www.amazon.com/ap/oa", "https://api.amazon.com"),
        ["eu"] = new("https://eu.account.amazon.com/ap/oa", "https://api.amazon.co.uk"),
        ["fe"] = new("https://apac.account.amazon.com/ap/oa", "https://api.amazon.co.jp"),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
