// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Para.Security.Authentication;
using Para.Security.Filters.Amazon;
using Para.Security.Filters.OAuth;
using Para.Security.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Login with Amazon to the pipeline: <c>services.AddParaSecurity(configuration).AddAmazon()</c>.</summary>
public static class AmazonAuthExtensions
{
    /// <summary>
    /// Adds the <c>amazon</c> filter at <c>/amazon_auth</c>, configured from <c>para.security.amazon</c>, and registers it
    /// as the <c>amazon</c> provider of <c>POST /jwt_auth</c>.
    /// </summary>
    /// <param name="builder">The Para.Security builder.</param>
    /// <returns>The builder.</returns>
    public static ParaSecurityBuilder AddAmazon(this ParaSecurityBuilder builder) => builder.AddAmazon(static _ => { });

    /// <summary>Adds the <c>amazon</c> filter, configured from <c>para.security.amazon</c> and then by <paramref name="configure"/>.</summary>
    /// <param name="builder">The Para.Security builder.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static ParaSecurityBuilder AddAmazon(this ParaSecurityBuilder builder, Action<AmazonAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<AmazonAuthOptions>()
            .Bind(builder.Configuration.GetSection(AmazonAuthDefaults.Section))
            .Configure(configure)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AmazonAuthOptions>, AmazonAuthOptionsValidator>());
        services.AddParaBackchannel(builder.Configuration, AmazonAuthDefaults.ProviderName);
        services.AddOptions<OAuthSecurityOptions>().Bind(builder.Configuration.GetSection(OAuthSecurityOptions.Section));
        services.TryAddSingleton<OAuthStateProtector>();
        services.TryAddSingleton<OAuthCorrelation>();
        services.TryAddSingleton<OAuthBackchannel>();
        services.TryAddSingleton<OpenIdTokenValidator>();
        services.TryAddSingleton<OAuthFilterServices>();
        services.TryAddSingleton<AmazonAuthFilter>();
        services.AddSingleton<IProviderTokenSignIn>(sp => sp.GetRequiredService<AmazonAuthFilter>()); // POST /jwt_auth provider "amazon"
        return builder.AddFilter<AmazonAuthFilter>(AmazonAuthDefaults.ProviderName, AuthFilterOrder.Amazon, AuthPathMatcher.AnyOf(AmazonAuthDefaults.CallbackPath, AmazonAuthDefaults.CallbackPath + "/start"));
    }
}
