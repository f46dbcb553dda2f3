// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.DependencyInjection.Extensions;
using Para.Security.Authentication;
using Para.Security.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Para's API authentication: <c>services.AddParaSecurity(configuration).AddParaApi()</c>.</summary>
public static class ParaApiSecurityBuilderExtensions
{
    /// <summary>
    /// Adds the <c>/jwt_auth</c> token endpoint (filter <c>jwt_auth</c>) with its built-in <c>passwordless</c> provider,
    /// and API authentication on <c>/v{n}/…</c> (filter <c>rest</c>: signed requests, super and user tokens, guests).
    /// Bearer validation (<see cref="JwtBearerAuthFilter"/>, filter <c>jwt</c>) is registered separately; providers
    /// such as <c>AddAmazon()</c> add their own <see cref="IProviderTokenSignIn"/>. Map the endpoints with
    /// <c>app.MapParaApi()</c>.
    /// </summary>
    /// <param name="builder">The Para.Security builder.</param>
    /// <returns>The builder.</returns>
    public static ParaSecurityBuilder AddParaApi(this ParaSecurityBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<PasswordlessTokenSignIn>();
        services.AddSingleton<IProviderTokenSignIn>(sp => sp.GetRequiredService<PasswordlessTokenSignIn>());
        services.TryAddSingleton<JwtAuthEndpointFilter>();
        services.TryAddSingleton<RestAuthFilter>();
        return builder
            .AddFilter<JwtAuthEndpointFilter>("jwt_auth", AuthFilterOrder.JwtAuthEndpoint, AuthPathMatcher.Exact(JwtAuthEndpointFilter.Path))
            .AddFilter<RestAuthFilter>("rest", AuthFilterOrder.RestAuth, RestAuthFilter.Matcher);
    }
}
