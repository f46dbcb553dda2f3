// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Pipeline;
using Para.Security.Providers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an identity provider: its descriptor in the <see cref="AuthProviderRegistry"/> and its filter in the pipeline.</summary>
public static class AuthProviderBuilderExtensions
{
    /// <summary>
    /// Adds a provider: records its descriptor in the host's <see cref="AuthProviderRegistry"/> and adds its filter at the
    /// descriptor's order, answering the descriptor's paths. The filter type itself must be registered by the caller
    /// (the OAuth providers' <c>AddOAuthProvider</c> does all of it).
    /// </summary>
    /// <typeparam name="TFilter">The filter type.</typeparam>
    /// <param name="builder">The Para.Security builder.</param>
    /// <param name="descriptor">The provider's descriptor.</param>
    /// <param name="optionsType">The options type bound from the descriptor's options section, if any.</param>
    /// <returns>The builder.</returns>
    public static ParaSecurityBuilder AddProvider<TFilter>(this ParaSecurityBuilder builder, AuthProviderDescriptor descriptor, Type? optionsType = null)
        where TFilter : class, IAuthFilter
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(descriptor);
        var registered = GetRegistry(builder.Services).Add(descriptor, typeof(TFilter), optionsType);
        return builder.AddFilter<TFilter>(descriptor.Name, registered.Order, AuthPathMatcher.AnyOf([.. descriptor.Paths]));
    }

    /// <summary>Returns the registry of a service collection, adding an empty one when there is none yet.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The registry.</returns>
    public static AuthProviderRegistry GetRegistry(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.LastOrDefault(d => d.ServiceType == typeof(AuthProviderRegistry))?.ImplementationInstance is AuthProviderRegistry registry)
        {
            return registry;
        }

        registry = new AuthProviderRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
