// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Para.Security.Filters.OAuth;
using Para.Security.Identity;
using Para.Security.Providers;

namespace Para.Security.Tests.Providers;

/// <summary>
/// A second provider as small as one can be, to show that registering it is all it takes: a descriptor, options with
/// one endpoint setting, a filter that only says where its endpoints are, and its one registration line
/// (<see cref="TinyAuthExtensions.AddTiny"/>). Its callback path deliberately does not end in <c>_auth</c>.
/// </summary>
internal sealed class TinyAuthFilter(OAuthFilterServices services, IOptionsMonitor<TinyAuthOptions> options)
    : AbstractOAuthFilter<TinyAuthOptions>(services, options)
{
    public static AuthProviderDescriptor Descriptor { get; } = new()
    {
        Name = "tiny",
        CallbackPath = "/signin-tiny",
        DisplayName = "Tiny",
        Button = new AuthProviderButton("Sign in with Tiny", "#123456", "#0a1b2c", "#ffffff", "#234567"),
        CredentialsPrefix = "tn",
        IdentifierPrefix = "tn:",
        OptionsSection = "para:security:tiny",
        Diagnostics = static context =>
        {
            var endpoints = context.Services.GetRequiredService<TinyAuthFilter>().ResolveEndpoints(context.App);
            context.AddEndpoint("token", endpoints.Token);
        },
    };

    protected override OAuthEndpoints ResolveEndpoints(ParaApp app) => new(
        new Uri(Options.BaseUrl + "/authorize"), new Uri(Options.BaseUrl + "/token"), new Uri(Options.BaseUrl + "/me"), null);
}

/// <summary>The tiny provider's options: where its endpoints are, and how its profile maps.</summary>
internal sealed class TinyAuthOptions : OAuthFilterOptions
{
    public TinyAuthOptions()
    {
        Scope = "me";
        EmailFallbackDomain = "tiny.example";
        ProfileMapping.Subject("id").Email("email").Name("name");
    }

    [ConfigurationKeyName("base_url")]
    public string BaseUrl { get; set; } = "https://tiny.example";
}

/// <summary>The tiny provider's one registration line.</summary>
internal static class TinyAuthExtensions
{
    public static ParaSecurityBuilder AddTiny(this ParaSecurityBuilder builder) =>
        builder.AddOAuthProvider<TinyAuthFilter, TinyAuthOptions>(TinyAuthFilter.Descriptor);
}
