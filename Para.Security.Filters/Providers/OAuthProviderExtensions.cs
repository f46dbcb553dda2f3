// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Para.Security.Authentication;
using Para.Security.Filters.OAuth;
using Para.Security.Filters.Providers;
using Para.Security.Providers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The one registration of an OAuth 2 provider: <c>builder.AddOAuthProvider&lt;MyAuthFilter, MyAuthOptions&gt;(MyAuthDefaults.Descriptor)</c>.
/// A provider's <c>AddXxx()</c> is a one-line overload on it.
/// </summary>
public static class OAuthProviderExtensions
{
    /// <summary>The suffix of the path that starts a server-side sign-in, below the callback path.</summary>
    public const string StartSuffix = "/start";

    /// <summary>
    /// Adds an OAuth 2 provider with an options validator: see <see cref="AddOAuthProvider{TFilter, TOptions}"/>.
    /// </summary>
    /// <typeparam name="TFilter">The provider's filter.</typeparam>
    /// <typeparam name="TOptions">The provider's options.</typeparam>
    /// <typeparam name="TValidator">Validates the options at startup, naming the key and the fix.</typeparam>
    /// <param name="builder">The Para.Security builder.</param>
    /// <param name="descriptor">The provider's descriptor.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static ParaSecurityBuilder AddOAuthProvider<TFilter, TOptions, TValidator>(this ParaSecurityBuilder builder, AuthProviderDescriptor descriptor, Action<TOptions>? configure = null)
        where TFilter : AbstractOAuthFilter<TOptions>
        where TOptions : OAuthFilterOptions
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return builder.AddOAuthProvider<TFilter, TOptions>(descriptor, configure);
    }

    /// <summary>
    /// Adds an OAuth 2 provider: its options (bound from the descriptor's options section, then <paramref name="configure"/>,
    /// validated at startup), its backchannel client, its filter at the descriptor's paths (the callback and
    /// <c>{callback}/start</c>) and order, its <c>POST /jwt_auth</c> provider token sign-in, and its descriptor in the
    /// provider registry (login page, diagnostics, rate limits).
    /// </summary>
    /// <typeparam name="TFilter">The provider's filter.</typeparam>
    /// <typeparam name="TOptions">The provider's options.</typeparam>
    /// <param name="builder">The Para.Security builder.</param>
    /// <param name="descriptor">The provider's descriptor.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static ParaSecurityBuilder AddOAuthProvider<TFilter, TOptions>(this ParaSecurityBuilder builder, AuthProviderDescriptor descriptor, Action<TOptions>? configure = null)
        where TFilter : AbstractOAuthFilter<TOptions>
        where TOptions : OAuthFilterOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(descriptor);
        var services = builder.Services;
        var options = services.AddOptions<TOptions>();
        if (descriptor.OptionsSection is { } section)
        {
            options.Bind(builder.Configuration.GetSection(section));
        }

        // The descriptor is the one source of the names and paths; the options carry them for the flow.
        options.Configure(o =>
        {
            o.ProviderName = descriptor.Name;
            o.CallbackPath = descriptor.CallbackPath;
            o.CredentialsPrefix = descriptor.CredentialsPrefix ?? string.Empty;
            o.IdentifierPrefix = descriptor.IdentifierPrefix;
        });
        options.Configure(configure ?? (static _ => { })).ValidateOnStart();
        services.AddParaBackchannel(builder.Configuration, descriptor.Name);
        if (!services.Any(d => d.ServiceType == typeof(OAuthStateProtector)))
        {
            // Shared by every OAuth provider: bound and registered once.
            services.AddOptions<OAuthSecurityOptions>().Bind(builder.Configuration.GetSection(OAuthSecurityOptions.Section));
            services.TryAddSingleton<OAuthStateProtector>();
            services.TryAddSingleton<OAuthCorrelation>();
            services.TryAddSingleton<OAuthBackchannel>();
            services.TryAddSingleton<OpenIdTokenValidator>();
            services.TryAddSingleton<OAuthFilterServices>();
        }

        services.TryAddSingleton<TFilter>();
        services.AddSingleton<IProviderTokenSignIn>(sp => sp.GetRequiredService<TFilter>()); // POST /jwt_auth with this provider's token
        return builder.AddProvider<TFilter>(
            descriptor with
            {
                StartPath = descriptor.StartPath ?? descriptor.CallbackPath + StartSuffix,
                Diagnostics = OAuthProviderDiagnostics.For<TFilter, TOptions>(descriptor.Diagnostics),
            },
            typeof(TOptions));
    }
}
