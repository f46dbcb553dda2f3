// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Filters.Amazon;

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
    public static ParaSecurityBuilder AddAmazon(this ParaSecurityBuilder builder, Action<AmazonAuthOptions> configure) =>
        builder.AddOAuthProvider<AmazonAuthFilter, AmazonAuthOptions, AmazonAuthOptionsValidator>(AmazonAuthDefaults.Descriptor, configure);
}
